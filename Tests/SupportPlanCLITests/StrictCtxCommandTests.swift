import Foundation
import Testing

/// Strict ctx through the CLI: a rule reading a misspelt field fails its fixture with the field named, a
/// did-you-mean and the rules.lua line of the statement that read it.
@Suite struct StrictCtxCommandTests {
    static let template = """
        id: strict-check
        name: Strict check
        status: active
        sections:
          - key: main
            title: Main
            items:
              - { key: notes, title: Notes, kind: fields, fields: [{ key: summary, type: text }] }

        """
    static let rules = """
        local R = { items = {} }

        R.items.notes = {
          visible = function(ctx)
            return ctx.client.profile.takes_medicaton ~= true
          end,
          complete = function(ctx)
            return not sp.blank(ctx.item.values.sumary), "Write a summary"
          end,
        }

        return R

        """
    static let fixture = """
        template: strict-check
        today: 2026-01-15
        client: { id: C-0001, name: Sam Sample, profile: { first_name: Sam } }
        expect:
          visible: { notes: true }
          complete: { notes: false }

        """

    @Test func aFixtureOfARuleReadingAMisspeltFieldFailsNamingItWithItsLine() throws {
        let ws = try Workspace(demo: false)
        let folder = try ws.copyRules().appendingPathComponent("strict-check")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.template.utf8).write(to: folder.appendingPathComponent("template.yaml"))
        try Data(Self.rules.utf8).write(to: folder.appendingPathComponent("rules.lua"))
        _ = try ws.write("strict-check.yaml", Self.fixture)
        try ws.assertCommand(["test", "strict-check.yaml"], exit: 1, stdoutEquals: """
            FAIL strict-check.yaml
                expect.errors: expected no other rule error, got rule 'visible' of item 'notes' (Rules/strict-check/rules.lua:5) \
            failed: profile field 'takes_medicaton' is not in profile.yaml (did you mean 'takes_medication'?)
                expect.errors: expected no other rule error, got rule 'complete' of item 'notes' (Rules/strict-check/rules.lua:8) \
            failed: item 'notes' has no field 'sumary' (did you mean 'summary'?)
            0 passed, 1 failed


            """)
    }
}
