import Foundation
import Testing

/// Refused (exit 1) and malformed (exit 2) commands, and every `--dry-run`, leave the database as it was.
@Suite struct UnchangedDatabaseTests {
    static let refused: [([String], String)] = [
        (["item", "set", "SP-000001", "preferred_name", "pronouns=They/them"],
         "Refused: Plan SP-000001 is active; only a draft can be changed (start a review to change it)\n"),
        (["item", "set", "SP-000002", "aac_video", "url=https://video.example.org.au/x"],
         "Refused: Item 'aac_video' is hidden by the template's rules and can't be changed\n"),
        (["item", "link", "SP-000002", "current_medications", "MED-00002"],
         "Refused: The template's rules do not allow linking MED-00002 to item 'current_medications'\n"),
        (["item", "link", "SP-000002", "emergency_contacts", "CC-00003"], "Refused: Record CC-00003 is not a record of client C-0001\n"),
        (["item", "candidates", "SP-000002", "preferred_name"], "Refused: Item 'preferred_name' does not link records\n"),
        (["item", "not-required", "SP-000002", "allied_health"], "Refused: Item 'allied_health' is already not required\n"),
        (["item", "review", "SP-000001", "preferred_name"],
         "Refused: Plan SP-000001 is active; only a draft can be changed (start a review to change it)\n"),
        (["plan", "activate", "SP-000002"], "Refused: 22 items are not done\n"),
        (["record", "edit", "CC-00001", "email=not-an-email"], "Refused: email: Enter a valid email address\n"),
    ]

    static let malformed: [([String], String?)] = [
        (["plan", "show", "SP-000009"], "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n"),
        (["plan", "activate", "SP-000009"], "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n"),
        (["plan", "review", "SP-000009"], "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n"),
        (["item", "complete", "SP-000009", "preferred_name"], "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n"),
        (["item", "complete", "SP-000002", "nope"], "Error: Template 'ndis-core' has no item 'nope'\n"),
        (["item", "review", "SP-000002", "community_activities#9"],
         "Error: Plan SP-000002 has no instance 'community_activities#9' of item 'community_activities'\n"),
        (["item", "remove", "SP-000002", "community_activities#9"],
         "Error: Plan SP-000002 has no instance 'community_activities#9' of item 'community_activities'\n"),
        (["item", "add", "SP-000002", "community_activities", "--clone", "7"],
         "Error: Plan SP-000002 has no instance 'community_activities#7' of item 'community_activities'\n"),
        (["item", "set", "SP-000002", "preferred_name", "pronouns"], "Error: 'pronouns' is not FIELD=VALUE\n"),
        (["item", "set", "SP-000002", "preferred_name", "=x"], "Error: '=x' is not FIELD=VALUE\n"),
        (["item", "set", "SP-000002", "preferred_name", "shoe_size=9"],
         "Error: Item 'preferred_name' has no field 'shoe_size' (its fields: preferred_name, pronouns)\n"),
        (["item", "create", "SP-000002", "emergency_contacts", "shoe_size=9"],
         "Error: The form has no field 'shoe_size' (its fields: name, relationship, phone, email, suburb, is_emergency_contact)\n"),
        (["item", "link", "SP-000002", "emergency_contacts", "CC-99999"], "Error: No record with id 'CC-99999'\n"),
        (["item", "unlink", "SP-000002", "emergency_contacts", "CC-99999"], "Error: No record with id 'CC-99999'\n"),
        (["plan", "explain", "SP-000002", "nope"], "Error: Template 'ndis-core' has no item 'nope'\n"),
        (["item", "add", "SP-000002", "community_activities"], nil),
        (["item", "add", "SP-000002", "community_activities", "--blank", "--clone", "1"], nil),
        (["plan", "show", "SP-000001", "--format", "yaml"], nil),
        (["item", "frobnicate", "SP-000002"], nil),
    ]

    @Test(arguments: refused)
    func aRefusedCommandExitsOneWithItsReasonAndChangesNothing(arguments: [String], message: String) throws {
        let ws = try Workspace()
        let result = try ws.assertUnchanged(arguments, exit: 1, stderrEquals: message)
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: malformed)
    func aMalformedCommandExitsTwoNamingWhatAndChangesNothing(arguments: [String], message: String?) throws {
        let ws = try Workspace()
        let result = try ws.assertUnchanged(arguments, exit: 2, stderrEquals: message)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stdout.isEmpty)
    }

    static let dryRuns: [([String], String)] = [
        (["plan", "create", "--client", "C-0002", "--template", "home-care"], "Dry run: would create SP-000003 for C-0002 from home-care v1.\n"),
        (["plan", "discard", "SP-000002"], "Dry run: would discard SP-000002\n"),
        (["item", "set", "SP-000002", "preferred_name", "pronouns=They/them"],
         "Dry run: would set preferred_name\n  · profile profile.pronouns: \"She/her\" → \"They/them\"\n"),
        (["item", "link", "SP-000002", "emergency_contacts", "CC-00002"], "Dry run: would link CC-00002 to emergency_contacts\n"),
        (["item", "unlink", "SP-000002", "emergency_contacts", "CC-00001"], "Dry run: would unlink CC-00001 from emergency_contacts\n"),
        (["item", "create", "SP-000002", "emergency_contacts", "name=Sam Lee", "relationship=Friend", "phone=0400 123 456"],
         "Dry run: would create CC-00006 and link it to emergency_contacts\n"),
        (["item", "review", "SP-000002", "preferred_name"], "Dry run: would review preferred_name\n  · reviewed preferred_name: open → reviewed\n"),
        (["item", "not-required", "SP-000002", "transfer_video", "--reason", "Walks"],
         "Dry run: would mark transfer_video not required\n  · not_required transfer_video: open → not_required: Walks\n"),
        (["item", "reinstate", "SP-000002", "allied_health"], "Dry run: would reinstate allied_health\n  · reinstate allied_health: not_required → open\n"),
        (["item", "add", "SP-000002", "community_activities", "--clone", "2"],
         "Dry run: would add another community_activities\n  · add community_activities#3: ∅ → clone of community_activities#2\n"),
        (["item", "remove", "SP-000002", "community_activities#2"], "Dry run: would remove community_activities#2\n"),
        (["template", "publish", "ndis-core"], "ndis-core  v1  unchanged\n"),
        (["record", "edit", "CC-00002", "relationship=Sibling"], "Would save:\n"),
        (["client", "import", "-"], "Would import 1 client(s) (1 new, 0 updated) and 0 record(s).\n"),
    ]

    @Test(arguments: dryRuns)
    func aDryRunReportsWhatWouldChangeAndChangesNothing(arguments: [String], expected: String) throws {
        let ws = try Workspace()
        let stdin = arguments.last == "-" ? Data(#"{"id": "C-0040", "name": "Jo Park"}"#.utf8) : nil
        let before = try ws.dump()
        let result = try ws.assertCommand(arguments + ["--dry-run"], stdout: [expected], stdin: stdin)
        #expect(try ws.dump() == before, "\(result)")
        if arguments.first == "item" || arguments.first == "plan" {
            if arguments.prefix(2) != ["plan", "create"] { #expect(result.stdout.hasSuffix("Nothing was changed (--dry-run).\n")) }
            let json = try ws.assertCommand(arguments + ["--dry-run", "--format", "json"], stdin: stdin).jsonObject()
            #expect(json["dry_run"] as? Bool == true || json["plan"] as? String == "SP-000003")
            #expect(try ws.dump() == before)
        }
    }
}

@Suite struct ArgumentTests {
    @Test func aDateThatIsNotYYYYMMDDIsBadInput() throws {
        let ws = try Workspace()
        let result = try CommandLineTool.run(["plan", "show", "SP-000001", "--db", ws.db.path, "--rules", ws.rules.path,
                                              "--today", "2026-13-01"], in: ws.folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: --today '2026-13-01' is not a date written YYYY-MM-DD\n"))
    }

    @Test func aMissingDatabaseIsBadInputAndIsNotCreated() throws {
        let ws = try Workspace(demo: false)
        try ws.assertCommand(["plan", "list"], exit: 2, stderrEquals:
            "Error: No database at \(ws.db.path) (set --db, or run `supportplan demo` to make a sample one)\n")
        #expect(!FileManager.default.fileExists(atPath: ws.db.path))
    }

    @Test func aFolderThatIsNotRulesIsBadInput() throws {
        let ws = try Workspace()
        ws.rules = ws.folder
        try ws.assertUnchanged(["plan", "show", "SP-000001"], exit: 2, stderr: ["Error: Can't read ", "/profile.yaml: is --rules ("])
    }
}

@Suite struct HelpTests {
    @Test(arguments: [
        (["--help"], "supportplan plan create --client C-0001 --template ndis-core"),
        (["demo", "--help"], "supportplan demo --db demo.sqlite --replace"),
        (["client", "import", "--help"], "supportplan client import clients.json"),
        (["plan", "evaluate", "--help"], "supportplan plan evaluate SP-000001 --format json"),
        (["plan", "review", "--help"], "supportplan plan review SP-000001 --upgrade"),
        (["item", "add", "--help"], "supportplan item add SP-000001 transfer_video --clone 1"),
        (["item", "set", "--help"], "supportplan item set SP-000001 communication method=Verbal"),
        (["template", "show", "--help"], "supportplan template show ndis-core --version 1"),
    ])
    func helpShowsAnExample(arguments: [String], example: String) throws {
        let folder = FileManager.default.temporaryDirectory
        let result = try CommandLineTool.run(arguments, in: folder)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Example"), "\(result)")
        #expect(result.stdout.contains(example), "\(result)")
    }
}
