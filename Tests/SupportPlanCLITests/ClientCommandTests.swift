import Foundation
import Testing

@Suite struct ClientCommandTests {
    static let clientsArray = """
        [{"id": "C-0010", "name": "Tom Lee", "profile": {"first_name": "Tom", "date_of_birth": "1980-01-02"},
          "records": [{"id": "CC-00010", "type": "care_contact", "name": "Jan Lee", "relationship": "Sibling"}]},
         {"id": "C-0003", "name": "Mia Roberts", "profile": {"first_name": "Mia"}}]
        """

    @Test func importOfAJSONArrayUpsertsByID() throws {
        let ws = try Workspace()
        let file = try ws.write("clients.json", Self.clientsArray)
        try ws.assertCommand(["client", "import", file],
                             stdoutEquals: "Imported 2 client(s) (1 new, 0 updated, 1 unchanged) and 1 record(s).\n")
        try ws.assertCommand(["client", "show", "C-0010"], stdoutEquals: """
            C-0010  Tom Lee

            Profile
              First name: Tom
              Date of birth: 1980-01-02

            Records
              CC-00010  Care contact  Jan Lee · Sibling

            Plans
              none

            """)
        // Importing again changes neither.
        let again = try ws.assertCommand(["client", "import", file, "--format", "json"])
        let report = try again.jsonObject()
        #expect(report["created"] as? [String] == [])
        #expect(report["updated"] as? [String] == [])
        #expect(report["unchanged"] as? [String] == ["C-0010", "C-0003"])
        #expect(report["records"] as? Int == 1)
        #expect(report["dry_run"] as? Bool == false)
    }

    @Test func importOfJSONLinesSkipsBlankLines() throws {
        let ws = try Workspace()
        let file = try ws.write("clients.jsonl", """
            {"id": "C-0011", "name": "Kai Brown"}

            {"id": "C-0012", "name": "Lu Chen", "profile": {"first_name": "Lu"}}

            """)
        try ws.assertCommand(["client", "import", file],
                             stdoutEquals: "Imported 2 client(s) (2 new, 0 updated) and 0 record(s).\n")
        try ws.assertCommand(["client", "show", "C-0012"], stdout: ["C-0012  Lu Chen\n", "  First name: Lu\n"])
    }

    @Test func importFromStandardInput() throws {
        let ws = try Workspace()
        try ws.assertCommand(["client", "import", "-"], stdout: ["Imported 1 client(s) (1 new, 0 updated)"],
                             stdin: Data(#"{"id": "C-0013", "name": "Sam Ito"}"#.utf8))
    }

    @Test func importDryRunReportsAndImportsNothing() throws {
        let ws = try Workspace()
        let file = try ws.write("clients.json", Self.clientsArray)
        try ws.assertUnchanged(["client", "import", file, "--dry-run"], exit: 0,
                               stdout: ["Would import 2 client(s) (1 new, 0 updated, 1 unchanged) and 1 record(s).\n",
                                        "  C-0010 profile.first_name: (unset) -> Tom\n"])
        try ws.assertCommand(["client", "show", "C-0010"], exit: 2, stderrEquals: "Error: No client with id 'C-0010'\n")
    }

    @Test func anInvalidFileListsEveryProblemWithEntryAndFieldAndImportsNothing() throws {
        let ws = try Workspace()
        let file = try ws.write("bad.json", """
            [{"id": "C-0020", "name": "Xu", "profile": {"date_of_birth": "yesterday", "shoe_size": 9}},
             {"id": "C-0022", "name": "Fine Person"},
             {"name": "no id"},
             {"id": "C-0021", "name": "Yan", "records": [{"id": "CC-00030", "type": "care_contact", "relationship": "Cousin"},
                                                         {"id": "ZZ-1", "type": "spaceship"}]}]
            """)
        try ws.assertUnchanged(["client", "import", file], exit: 2, stderrEquals: """
            Error:
              - \(file): entry 1 (C-0020), profile.date_of_birth: Enter a valid date (YYYY-MM-DD)
              - \(file): entry 1 (C-0020), profile.shoe_size: is not a field of profile.yaml
              - \(file): entry 3, id: is required and must be text
              - \(file): entry 4 (C-0021), records[0].relationship: Choose one of: Parent, Guardian, Partner, Child, Sibling, Other family, Friend, Neighbour, Support coordinator, Advocate, Other
              - \(file): entry 4 (C-0021), records[1].type: 'spaceship' is not a record type of record-types.yaml

            """)
    }

    @Test func aLineThatIsNotJSONIsNamedByLineNumber() throws {
        let ws = try Workspace()
        let file = try ws.write("bad.jsonl", "{\"id\": \"C-0030\", \"name\": \"Al\"}\n{not json\n")
        let result = try ws.assertUnchanged(["client", "import", file], exit: 2, stderrEquals: "Error: \(file):2:2: expected a key in double quotes\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func importOfAMissingFileIsBadInput() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["client", "import", "nowhere.json"], exit: 2, stderrEquals: "Error: Can't read nowhere.json\n")
    }

    @Test func showListsProfileRecordsAndPlansWithTheirReviewChain() throws {
        let ws = try Workspace()
        try ws.assertCommand(["client", "show", "C-0001"], stdout: [
            "C-0001  Ada Nguyen\n\nProfile\n  First name: Ada\n  Last name: Nguyen\n  Preferred name: Ada\n",
            "  Interpreter required: no\n",
            "Records\n  BSP-00001  Behaviour support plan  Positive behaviour support plan 2026 · Dr Mel Harris · 2026-05-02\n",
            "  MED-00002  Medication  Amoxicillin · 500 mg · Three times daily · ceased\n",
            "Plans\n  SP-000001  ndis-core v1  active  activated 2026-11-28  (latest)\n  SP-000002  ndis-core v1  draft  reviews SP-000001\n",
        ])
    }

    @Test func showAsJSON() throws {
        let ws = try Workspace()
        let body = try ws.assertCommand(["client", "show", "C-0001", "--format", "json"]).jsonObject()
        #expect(Set(body.keys) == ["client", "records", "plans", "history"])
        let plans = try #require(body["plans"] as? [[String: Any]])
        #expect(plans.map { $0["id"] as? String } == ["SP-000001", "SP-000002"])
        #expect(plans[1]["previous_plan"] as? String == "SP-000001")
        #expect(Set(plans[0].keys) == ["id", "client", "template", "template_version", "status", "previous_plan",
                                       "activation_date", "expiry_date", "created"])
    }

    @Test func showOfAnUnknownClientIsBadInput() throws {
        let ws = try Workspace()
        try ws.assertCommand(["client", "show", "C-9999"], exit: 2, stdoutEquals: "", stderrEquals: "Error: No client with id 'C-9999'\n")
    }
}
