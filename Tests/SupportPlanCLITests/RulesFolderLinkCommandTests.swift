import Foundation
import Testing

/// Through the CLI, a Rules folder is read only inside itself, and its `limits` are range-checked at load.
@Suite struct RulesFolderLinkCommandTests {
    /// A copy of the sample Rules folder whose `lib/x.lua` links to a secret file outside it.
    static func linkedOut(_ ws: Workspace) throws -> (rules: URL, secret: String) {
        let rules = try ws.copyRules()
        let secret = try ws.write("shadow", "root:secret-account-name:0\n")
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("lib/x.lua").path, withDestinationPath: secret)
        let real = URL(fileURLWithPath: secret).resolvingSymlinksInPath().path
        return (rules, real)
    }

    @Test func lintReportsALinkOutOfTheRulesFolderWithoutPrintingWhatItPointsAt() throws {
        let ws = try Workspace(demo: false)
        let (rules, secret) = try Self.linkedOut(ws)
        let result = try ws.assertCommand(["lint", rules.path], exit: 1, stdout: [
            "lib/x.lua:1:1: error: is a link to \(secret), outside the Rules folder; only files inside the folder are read",
        ])
        #expect(!result.stdout.contains("secret-account-name"))
        #expect(!result.stderr.contains("secret-account-name"))
    }

    @Test func publishRefusesAFolderWithALinkOutAndStoresNothing() throws {
        let ws = try Workspace()
        let (_, secret) = try Self.linkedOut(ws)
        try ws.assertUnchanged(["template", "publish", "ndis-core"], exit: 2, stderr: [
            "Rules/lib/x.lua: is a link to \(secret), outside the Rules folder; only files inside the folder are read",
        ])
        #expect(!(try ws.dump()).contains("secret-account-name"))
    }

    @Test func aTemplateLimitPastItsRangeIsReportedAtItsLine() throws {
        let ws = try Workspace()
        let rules = try ws.copyRules()
        let file = rules.appendingPathComponent("ndis-core/template.yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "memory_mb: 64", with: "memory_mb: 17592186044416")
        try Data(yaml.utf8).write(to: file)
        try ws.assertUnchanged(["template", "publish", "ndis-core"], exit: 2, stderrEquals: """
            Error: Rules/ndis-core/template.yaml:8:45: limits.memory_mb: must be a whole number from 1 to 1024, got 17592186044416\n
            """)
    }
}
