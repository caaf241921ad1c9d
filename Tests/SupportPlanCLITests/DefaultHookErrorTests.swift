import Foundation
import Testing

/// A `default` hook that fails or returns the wrong type gives its item the same rule error, at the
/// same place, on every path: plan create, show, evaluate, history, item complete and activation.
@Suite struct DefaultHookErrorTests {
    static let template = """
        id: default-check
        name: Default check
        status: active
        sections:
          - key: main
            title: Main
            items:
              - { key: broken, title: Broken, kind: fields, fields: [{ key: note, type: text }] }
              - { key: flag, title: Flag, kind: fields, fields: [{ key: b, type: boolean }] }
              - { key: count, title: Count, kind: fields, fields: [{ key: n, type: integer }] }
              - { key: clip, title: Clip, kind: video }

        """
    static let rules = """
        local R = { items = {} }

        R.items.broken = { default = function(ctx) error("no default today") end }
        R.items.flag = { default = function(ctx) return { b = "yes" } end }
        R.items.count = { default = function(ctx) return { n = 1e300 } end }
        R.items.clip = { default = function(ctx) return { url = "https://example.org" } end }

        return R

        """
    static let errors = [
        "rule 'default' of item 'broken' (Rules/default-check/rules.lua:3) failed: no default today",
        "rule 'default' of item 'flag' (Rules/default-check/rules.lua:4) failed: 'default' returned a bad value: field 'b' (boolean) can't take a string",
        "rule 'default' of item 'count' (Rules/default-check/rules.lua:5) failed: 'default' returned a bad value: field 'n' (integer) can't take a number",
        "rule 'default' of item 'clip' (Rules/default-check/rules.lua:6) failed: 'default' returned a table; expected a URL string",
    ]

    func workspace() throws -> Workspace {
        let ws = try Workspace()
        let folder = try ws.copyRules().appendingPathComponent("default-check")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.template.utf8).write(to: folder.appendingPathComponent("template.yaml"))
        try Data(Self.rules.utf8).write(to: folder.appendingPathComponent("rules.lua"))
        try ws.assertCommand(["template", "publish", "default-check"], stdoutEquals: "default-check  v1  published\n")
        return ws
    }

    @Test func createShowAndEvaluateReportEachFailingDefaultAsItsItemsRuleError() throws {
        let ws = try workspace()
        let itemLines = Self.errors.map { "      rule error: \($0)\n" }
        let blockers = "Before activation:\n  - 4 items are not done\n" + Self.errors.map { "  - Rule error: \($0)\n" }.joined()
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "default-check"], stdout: itemLines + [blockers])
        try ws.assertCommand(["plan", "show", "SP-000003"], stdout: itemLines + [blockers])
        let evaluation = try ws.evaluation("SP-000003")
        let errors = try #require(evaluation["errors"] as? [[String: String]])
        #expect(errors == [
            ["item": "broken", "hook": "default", "message": "no default today", "where": "Rules/default-check/rules.lua:3"],
            ["item": "flag", "hook": "default", "message": "'default' returned a bad value: field 'b' (boolean) can't take a string",
             "where": "Rules/default-check/rules.lua:4"],
            ["item": "count", "hook": "default", "message": "'default' returned a bad value: field 'n' (integer) can't take a number",
             "where": "Rules/default-check/rules.lua:5"],
            ["item": "clip", "hook": "default", "message": "'default' returned a table; expected a URL string",
             "where": "Rules/default-check/rules.lua:6"],
        ])
        #expect(evaluation["can_activate"] as? Bool == false)
    }

    @Test func historyRecordsTheFailuresWhenThePlanIsMade() throws {
        let ws = try workspace()
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "default-check"])
        let history = try ws.assertCommand(["plan", "history", "SP-000003"]).stdout
        let actions = history.split(separator: "\n").map { line in line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).joined(separator: " ") }
        #expect(actions == ["create: ∅ → default-check v1"] + zip(["broken", "flag", "count", "clip"], Self.errors).map { "rule_error \($0): ∅ → \($1)" })
    }

    @Test func theItemCannotBeCompletedNorThePlanActivated() throws {
        let ws = try workspace()
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "default-check"])
        try ws.assertUnchanged(["item", "complete", "SP-000003", "broken"], exit: 1, stderrEquals: "Refused: Rule error: \(Self.errors[0])\n")
        try ws.assertCommand(["item", "not-required", "SP-000003", "broken"])
        try ws.assertUnchanged(["plan", "activate", "SP-000003"], exit: 1,
                               stderrEquals: "Refused:\n  - 3 items are not done\n" + Self.errors.map { "  - Rule error: \($0)\n" }.joined())
    }
}
