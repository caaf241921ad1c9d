import Foundation
import Testing

/// JSON that front ends and CI read: every change says whether it was a dry run, and coverage comes
/// per file as the text report lists it.
@Suite struct ChangeJSONTests {
    @Test func publishAsJSONSaysWhetherItWasADryRun() throws {
        let ws = try Workspace()
        let rules = try ws.copyRules()
        try TemplateEdits.hideMobility(in: rules)
        for dryRun in [true, false] {
            let arguments = ["template", "publish", "ndis-core", "--format", "json"] + (dryRun ? ["--dry-run"] : [])
            let results = try #require(try ws.assertCommand(arguments).json() as? [[String: Any]])
            #expect(results.count == 1)
            let result = try #require(results.first)
            #expect(Set(result.keys) == ["id", "version", "created", "dry_run"])
            #expect(result["id"] as? String == "ndis-core" && result["version"] as? Int == 2)
            #expect(result["created"] as? Bool == true && result["dry_run"] as? Bool == dryRun)
        }
    }

    @Test func coverageAsJSONGivesEachFilesHooksAndLinesAsTheTextDoes() throws {
        let ws = try Workspace(demo: false)
        let fixtures = CommandLineTool.packageRoot.appendingPathComponent("Fixtures").path
        let text = try ws.run(["test", fixtures, "--coverage"]).stdout
        let body = try ws.run(["test", fixtures, "--coverage", "--format", "json"]).jsonObject()
        let coverage = try #require(body["coverage"] as? [String: Any])
        #expect(Set(coverage.keys) == ["files", "lines", "lines_run", "line_percent", "decisions", "decisions_both_ways", "decision_percent"])
        let files = try #require(coverage["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String ?? "" } == [
            "Rules/community-access/rules.lua", "Rules/home-care/rules.lua", "Rules/ndis-core/rules.lua", "Rules/lib/carelib.lua",
        ])
        for file in files {
            let name = try #require(file["file"] as? String)
            #expect(Set(file.keys) == ["file", "hooks", "hooks_run", "hook_percent", "hooks_not_run", "lines", "lines_run",
                                       "line_percent", "lines_not_run", "decisions", "decisions_both_ways", "decisions_not_both_ways"])
            if let decisions = file["decisions"] as? Int, decisions > 0 {
                #expect(text.contains("    decisions both ways: \(file["decisions_both_ways"] as? Int ?? -1)/\(decisions) "), "\(name)")
                for missed in file["decisions_not_both_ways"] as? [[String: Any]] ?? [] {
                    #expect(text.contains("      line \(missed["line"] as? Int ?? -1): "), "\(name): \(missed)")
                }
            }
            let lines = "lines \(file["lines_run"] as? Int ?? -1)/\(file["lines"] as? Int ?? -1)"
            #expect(text.contains("  \(name):") && text.contains(lines), "\(name): \(lines)")
            if let hooks = file["hooks"] as? Int, hooks > 0 {
                #expect(text.contains("  \(name): hooks \(file["hooks_run"] as? Int ?? -1)/\(hooks) "), "\(name)")
            }
        }
        #expect(text.contains("  total: lines \(coverage["lines_run"] as? Int ?? -1)/\(coverage["lines"] as? Int ?? -1) "))
        #expect(text.contains(", decisions \(coverage["decisions_both_ways"] as? Int ?? -1)/\(coverage["decisions"] as? Int ?? -1) ("))
    }
}
