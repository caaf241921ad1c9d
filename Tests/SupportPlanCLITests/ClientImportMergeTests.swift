import Foundation
import Testing

/// `client import` merges by default (left out: unchanged, null: cleared), replaces only with
/// `--replace`, shows per-field changes on `--dry-run`, records every change in the client's history,
/// and refuses text it would have to alter (NUL, invalid UTF-8) or guess at (duplicate keys, trailing commas).
@Suite struct ClientImportMergeTests {
    @Test func anEntryWithOnlyANameLeavesTheProfileAndRecordsAsTheyWere() throws {
        let ws = try Workspace()
        let file = try ws.write("ada.json", #"{"id": "C-0001", "name": "Ada Nguyen"}"#)
        let before = try ws.run(["client", "show", "C-0001"]).stdout
        try ws.assertUnchanged(["client", "import", file], exit: 0,
                               stdout: ["Imported 1 client(s) (0 new, 0 updated, 1 unchanged) and 0 record(s).\n"])
        #expect(try ws.run(["client", "show", "C-0001"]).stdout == before)
    }

    @Test func aReimportedRecordKeepsTheFieldsItLeavesOut() throws {
        let ws = try Workspace()
        let file = try ws.write("bo.json", #"{"id": "C-0001", "records": [{"id": "CC-00001", "type": "care_contact", "phone": "0400 999 999"}]}"#)
        try ws.assertCommand(["client", "import", file], stdout: ["(0 new, 1 updated) and 1 record(s)"])
        try ws.assertCommand(["record", "show", "CC-00001"], stdout: ["Bo Nguyen", "Parent", "0400 999 999"])
    }

    @Test func nullClearsAFieldAndEveryChangeIsInTheClientsHistory() throws {
        let ws = try Workspace()
        let file = try ws.write("ada.json", #"{"id": "C-0001", "profile": {"phone": null, "suburb": "Brunswick"}}"#)
        try ws.assertCommand(["client", "import", file], stdout: ["(0 new, 1 updated)"])
        let body = try ws.assertCommand(["client", "show", "C-0001", "--format", "json"]).jsonObject()
        let profile = try #require((body["client"] as? [String: Any])?["profile"] as? [String: Any])
        #expect(profile["phone"] == nil)
        #expect(profile["suburb"] as? String == "Brunswick")
        #expect(profile["first_name"] as? String == "Ada")
        // The demo's own import is there first; this import's changes come last.
        let history = try #require(body["history"] as? [[String: Any]]).suffix(2)
        #expect(history.map { "\($0["user"] ?? "") \($0["action"] ?? "") \($0["target"] ?? ""): \($0["before"] ?? "nil") -> \($0["after"] ?? "nil")" } == [
            "admin import profile.phone: \"0412 345 678\" -> <null>",
            "admin import profile.suburb: \"Carlton\" -> \"Brunswick\"",
        ])
    }

    /// History lines without their timestamps (`admin  import  name: ∅ → "Ada"`).
    static func untimed(_ history: String) -> [String] {
        history.split(separator: "\n").map { line in line.range(of: "  ").map { String(line[$0.upperBound...]) } ?? String(line) }
    }

    @Test func anImportedRecordChangeIsInTheHistoryOfEveryPlanLinkingItAndFlagsTheActiveOne() throws {
        let ws = try Workspace()
        // SP-000001 (active) and its review draft SP-000002 both link Baclofen.
        let file = try ws.write("ada.json", #"{"id": "C-0001", "records": [{"id": "MED-00001", "type": "medication", "prescriber": null}]}"#)
        try ws.assertCommand(["client", "import", file], stdout: ["(0 new, 1 updated) and 1 record(s)"])
        let active = Self.untimed(try ws.assertCommand(["plan", "history", "SP-000001"]).stdout)
        #expect(active.suffix(2) == [
            #"admin  import_record  MED-00001.prescriber: "Dr Priya Raman" → ∅"#,
            "admin  needs_review  MED-00001: ∅ → Record MED-00001 was changed by an import after activation",
        ])
        let draft = Self.untimed(try ws.assertCommand(["plan", "history", "SP-000002"]).stdout)
        #expect(draft.last == #"admin  import_record  MED-00001.prescriber: "Dr Priya Raman" → ∅"#)
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: [
            "Needs review:\n  - Record MED-00001 was changed by an import after activation\n",
        ])
    }

    @Test func clientHistoryPrintsEachChangeAsPlanHistoryDoes() throws {
        let ws = try Workspace()
        let file = try ws.write("ada.json", #"{"id": "C-0001", "profile": {"suburb": "Brunswick"}, "records": [{"id": "MED-00001", "type": "medication", "prescriber": null}]}"#)
        try ws.assertCommand(["client", "import", file])
        let lines = Self.untimed(try ws.assertCommand(["client", "history", "C-0001"]).stdout)
        // The demo's import (as `tester`) first, this one last.
        #expect(lines.first == #"tester  import  name: ∅ → "Ada Nguyen""#)
        #expect(lines.suffix(2) == [
            #"admin  import  profile.suburb: "Carlton" → "Brunswick""#,
            #"admin  import_record  MED-00001.prescriber: "Dr Priya Raman" → ∅"#,
        ])
        let json = try #require(try ws.assertCommand(["client", "history", "C-0001", "--format", "json"]).json() as? [[String: Any]])
        #expect(json.count == lines.count)
        #expect(Set(json.last?.keys.map { $0 } ?? []) == ["client_id", "at", "user", "action", "target", "before", "after"])
        try ws.assertCommand(["client", "history", "C-0404"], exit: 2, stderr: ["Error: No client with id 'C-0404'"])
    }

    @Test func replaceReplacesTheProfileWhole() throws {
        let ws = try Workspace()
        let file = try ws.write("ada.json", #"{"id": "C-0001", "name": "Ada Nguyen", "profile": {"first_name": "Ada"}}"#)
        let earlier = try #require(try ws.assertCommand(["client", "show", "C-0001", "--format", "json"]).jsonObject()["history"] as? [Any]).count
        try ws.assertCommand(["client", "import", file, "--replace"], stdout: ["(0 new, 1 updated)"])
        let body = try ws.assertCommand(["client", "show", "C-0001", "--format", "json"]).jsonObject()
        let profile = try #require((body["client"] as? [String: Any])?["profile"] as? [String: Any])
        #expect(Array(profile.keys) == ["first_name"])
        // Each of the 26 other fields is cleared, and each clearing is in the history.
        #expect((body["history"] as? [Any])?.count == earlier + 26)
    }

    @Test func dryRunListsEachFieldItWouldChangeAndChangesNothing() throws {
        let ws = try Workspace()
        let file = try ws.write("ada.json", #"{"id": "C-0001", "name": "Ada Li", "profile": {"phone": null}}"#)
        try ws.assertUnchanged(["client", "import", file, "--dry-run"], exit: 0, stdout: ["""
            Would import 1 client(s) (0 new, 1 updated) and 0 record(s).
              C-0001 name: Ada Nguyen -> Ada Li
              C-0001 profile.phone: 0412 345 678 -> (unset)

            """])
    }

    @Test func aNewClientWithoutANameIsBadInput() throws {
        let ws = try Workspace()
        let file = try ws.write("new.json", #"{"id": "C-0099", "profile": {"first_name": "Jo"}}"#)
        try ws.assertUnchanged(["client", "import", file], exit: 2,
                               stderrEquals: "Error: \(file): line 1 (C-0099), name: is required for a new client\n")
    }

    static let refusedText: [(String, [UInt8], String)] = [
        ("a raw NUL", Array(#"{"id": "C-0001", "name": "Ada"#.utf8) + [0] + Array(#"X"}"#.utf8), "1:30: a NUL character in a text is refused"),
        ("an escaped NUL", Array(#"{"id": "C-0001", "name": "Ada\u0000X"}"#.utf8), "1:30: a NUL character (\\u0000) in a text is refused"),
        ("invalid UTF-8", Array(#"{"id": "C-0001", "name": "Ad"#.utf8) + [0xE9] + Array(#""}"#.utf8), "1:29: invalid UTF-8 (byte 0xE9); save the file as UTF-8"),
        ("a lone surrogate", Array(#"{"id": "C-0001", "name": "\uD800"}"#.utf8), "1:27: a lone surrogate escape (\\uD800) is not a character"),
        ("a duplicate key", Array(#"{"id": "C-0001", "name": "Ada", "name": "Bob"}"#.utf8), "1:33: key 'name' appears twice in one object"),
        ("a trailing comma in an object", Array(#"{"id": "C-0001", "name": "Ada",}"#.utf8), "1:32: a comma before '}': trailing commas are not JSON"),
        ("a trailing comma in a list", Array(#"[{"id": "C-0001", "name": "Ada"},]"#.utf8), "1:34: a comma before ']': trailing commas are not JSON"),
    ]

    @Test(arguments: refusedText)
    func textThatWouldBeAlteredOrGuessedAtIsRefusedNamingWhere(what: String, bytes: [UInt8], message: String) throws {
        let ws = try Workspace()
        let url = ws.folder.appendingPathComponent("hostile.json")
        try Data(bytes).write(to: url)
        try ws.assertUnchanged(["client", "import", url.path], exit: 2, stderrEquals: "Error: \(url.path):\(message)\n")
    }
}
