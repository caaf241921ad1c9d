import Foundation
import Testing

/// What reaches a person's terminal: data is escaped, arguments are checked, and a batch reports the
/// plans it cannot evaluate instead of stopping at the first.
@Suite struct WhatUsersSeeTests {
    static let hostileName = "Evil \u{1B}]0;pwned\u{07}\u{1B}[31mRED\u{202E}txt\r\u{08}"

    @Test func controlCharactersInDataAreShownAsEscapesInText() throws {
        let ws = try Workspace()
        let json = #"[{"id": "C-0009", "name": "Evil \u001b]0;pwned\u0007\u001b[31mRED\u202etxt\r\b"}]"#
        let file = try ws.write("evil.json", json)
        try ws.assertCommand(["client", "import", file])
        let shown = try ws.assertCommand(["client", "show", "C-0009"])
        #expect(shown.stdout.hasPrefix("C-0009  Evil \\u{1B}]0;pwned\\u{7}\\u{1B}[31mRED\\u{202E}txt\\u{D}\\u{8}\n"))
        #expect(!shown.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\r" })
        // JSON keeps the text exactly; JSON's own escaping makes it safe.
        let body = try ws.assertCommand(["client", "show", "C-0009", "--format", "json"]).jsonObject()
        #expect((body["client"] as? [String: Any])?["name"] as? String == Self.hostileName)
    }

    @Test func controlCharactersInArgumentsAreEscapedInErrors() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "show", "SP-\u{1B}[2J"], exit: 2,
                             stderrEquals: "Error: No plan with id 'SP-\\u{1B}[2J' (see `supportplan plan list`)\n")
    }

    @Test(arguments: [
        (["plan", "list", "--as", ""], "Error: --as must name who is acting (it is empty)"),
        (["plan", "list", "--as", "jo\u{1B}[31m"], "Error: --as 'jo\\u{1B}[31m' must be a printable name of at most 200 characters"),
        (["plan", "list", "--today", ""], "Error: --today '' is not a date written YYYY-MM-DD"),
        (["test", "Fixtures", "--min-coverage", "150"], "Error: --min-coverage 150.0 is not a percentage from 0 to 100"),
    ])
    func wrongArgumentsAreBadInput(arguments: [String], message: String) throws {
        let ws = try Workspace()
        // Without the workspace's own --as and --today, which would come after these and win.
        let result = try CommandLineTool.run(arguments + ["--db", ws.db.path, "--rules", CommandLineTool.rules.path], in: ws.folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message + "\n"))
    }

    @Test func aFilterThatMatchesNothingSaysSo() throws {
        let ws = try Workspace(demo: false)
        try ws.assertCommand(["test", CommandLineTool.fixtures.path, "--filter", "no-such-fixture"], exit: 2,
                             stderrEquals: "Error: --filter 'no-such-fixture' matches no fixture under \(CommandLineTool.fixtures.path)\n")
    }

    @Test func argumentErrorsAreJSONWhenJSONWasAskedFor() throws {
        let ws = try Workspace()
        let result = try ws.run(["plan", "list", "--format", "json", "--bogus"])
        #expect(result.status == 2)
        let body = try result.jsonObject()
        #expect(body["error"] as? String == "bad_input")
        #expect(body["message"] as? String == "Unknown option '--bogus'")
    }

    /// Each published version keeps the profile it was published with, so removing a field from
    /// profile.yaml leaves every existing plan readable (the batch reporting plans it cannot evaluate
    /// and going on is proved in TemplateVersionTests, with a version stored before versions kept it).
    @Test func removingAProfileFieldLeavesEveryExistingPlanReadable() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care"])
        // The organisation removes a profile field that ndis-core's published version uses.
        let rules = try ws.copyRules()
        let profile = rules.appendingPathComponent("profile.yaml")
        var text = try String(contentsOf: profile, encoding: .utf8)
        let start = try #require(text.range(of: "  - key: pronouns\n"))
        let end = try #require(text.range(of: "  - { key: date_of_birth", range: start.upperBound..<text.endIndex))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        try Data(text.utf8).write(to: profile)

        let result = try ws.run(["plan", "evaluate", "--all"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("3 plans evaluated in "))
        #expect(!result.stdout.contains("could not be evaluated"))
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: ["[preferred_name] complete\n", "      Pronouns: She/her\n"])
    }
}
