import Foundation
import Testing

/// The rule author's loop through the CLI: a new template, exact lint, exploring ctx, fixture failures.
@Suite struct AuthoringCommandTests {
    @Test func aNewTemplateLintsCleanPassesItsFixtureAndPublishes() throws {
        let ws = try Workspace(demo: false)
        let rules = try ws.copyRules()
        let made = try ws.assertCommand(["template", "new", "respite-care"])
        #expect(made.stdout.hasPrefix("""
            wrote \(rules.path)/respite-care/template.yaml
            wrote \(rules.path)/respite-care/rules.lua
            wrote \(ws.folder.path)/Fixtures/respite-care/basic.yaml
            wrote \(ws.folder.path)/Clients/respite-care-sample.json

            """))
        // `lint Rules` also lints the fixtures beside it, so the new fixture is checked too.
        try ws.assertCommand(["lint", rules.path], stdout: ["0 errors, 0 warnings in "])
        try ws.assertCommand(["test", "Fixtures/respite-care", "--min-coverage", "100"],
                             stdoutEquals: """
            ok   Fixtures/respite-care/basic.yaml
            coverage:
              Rules/respite-care/rules.lua: hooks 10/10 (100.0%), lines 45/45 (100.0%)
              total: lines 45/45 (100.0%)
            1 passed, 0 failed


            """)
        try ws.assertCommand(["template", "publish", "respite-care"], stdoutEquals: "respite-care  v1  published\n")
        try ws.assertCommand(["client", "import", "Clients/respite-care-sample.json"], stdout: ["Imported 1"])
        try ws.assertCommand(["plan", "create", "--client", "C-0001", "--template", "respite-care"], stdout: ["SP-000001"])
    }

    @Test func aNewTemplateNeverOverwritesOne() throws {
        let ws = try Workspace(demo: false)
        let rules = try ws.copyRules()
        try ws.assertCommand(["template", "new", "ndis-core"], exit: 2, stderrEquals:
            "Error: \(rules.path)/ndis-core already exists: choose another id (nothing was written)\n")
        try ws.assertCommand(["template", "new", "Respite Care"], exit: 2, stderrEquals:
            "Error: 'Respite Care' is not a template id: write a lower-case letter, then letters, digits or '-' (home-care)\n")
        #expect(!FileManager.default.fileExists(atPath: ws.folder.appendingPathComponent("Fixtures").path))
    }

    @Test func lintReportsAnUnknownHookAtItsLineAndColumn() throws {
        let ws = try Workspace(demo: false)
        let rules = try ws.copyRules()
        let file = rules.appendingPathComponent("ndis-core/rules.lua")
        var source = try String(contentsOf: file, encoding: .utf8)
        // `complet` is a prefix of `complete`, which the file mentions from line 27 on.
        source = source.replacingOccurrences(of: "R.items.contact_details = {\n  complete =", with: "R.items.contact_details = {\n  complet =")
        try Data(source.utf8).write(to: file)
        let line = source.components(separatedBy: "\n").firstIndex(of: "  complet = function(ctx)")! + 1
        try ws.assertCommand(["lint", rules.path], exit: 1, stdout: [
            "Rules/ndis-core/rules.lua:\(line):3: error: unknown hook 'complet' in items.contact_details",
        ])
    }

    @Test func rulesEvalShowsWhatAnExpressionGivesWithAFixturesCtx() throws {
        let ws = try Workspace(demo: false)
        let fixture = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/ndis-core/activate-and-review.yaml").path
        try ws.assertCommand(["rules", "eval", "ndis-core", "ctx.client.name, ctx.client.profile.preferred_name, #ctx.item.records",
                              "--fixture", fixture, "--item", "emergency_contacts"],
                             stdoutEquals: "\"Daniel Okafor\"\n\"Dan\"\n1\n")
        try ws.assertCommand(["rules", "eval", "ndis-core", "sp.age('1992-07-30', '2026-11-27')"], stdoutEquals: "34\n")
        try ws.assertCommand(["rules", "eval", "ndis-core", "ctx.item.records", "--fixture", fixture], exit: 1,
                             stderr: ["Error: ", "attempt to index a nil value"])
        try ws.assertCommand(["rules", "eval", "ndis-core", "os.exit(1)"], exit: 1, stderr: ["Error: "])
        try ws.assertCommand(["rules", "eval", "ndis-core", "1", "--item", "emergency_contact"], exit: 2,
                             stderrEquals: "Error: No item 'emergency_contact' in template 'ndis-core' (did you mean 'emergency_contacts'?)\n")
    }
}
