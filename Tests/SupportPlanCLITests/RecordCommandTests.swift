import Foundation
import Testing

@Suite struct RecordCommandTests {
    @Test func showPrintsEveryFieldOfTheRecordType() throws {
        let ws = try Workspace()
        try ws.assertCommand(["record", "show", "CC-00001"], stdoutEquals: """
            CC-00001  Care contact  (client C-0001)
              Name: Bo Nguyen
              Relationship: Parent
              Phone: 0400 111 222
              Email: —
              Suburb: Carlton
              Emergency contact: yes
              Can make decisions for the client: —
              Notes: —

            """)
        let json = try ws.assertCommand(["record", "show", "CC-00001", "--format", "json"]).jsonObject()
        #expect(json["id"] as? String == "CC-00001")
    }

    @Test func showOfAnUnknownRecordIsBadInput() throws {
        let ws = try Workspace()
        try ws.assertCommand(["record", "show", "CC-99999"], exit: 2, stderrEquals: "Error: No record with id 'CC-99999'\n")
    }

    @Test func editSavesValidValuesAndNotesThemInTheHistoryOfPlansThatLinkTheRecord() throws {
        let ws = try Workspace()
        try ws.assertCommand(["record", "edit", "CC-00001", "phone=0400 999 888", "relationship=Guardian"], stdout: [
            "Saved.\nCC-00001  Care contact  (client C-0001)\n", "  Relationship: Guardian\n  Phone: 0400 999 888\n",
        ])
        try ws.assertCommand(["record", "show", "CC-00001"], stdout: ["  Phone: 0400 999 888\n"])
        let history = try ws.assertCommand(["plan", "history", "SP-000002"]).stdout
        #expect(history.contains("  admin  edit_record  CC-00001: "))
    }

    @Test func anEmptyValueUnsetsAField() throws {
        let ws = try Workspace()
        try ws.assertCommand(["record", "edit", "CC-00001", "suburb="], stdout: ["  Suburb: —\n"])
    }

    @Test func anInvalidPhoneIsRefusedWithTheFieldsMessage() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["record", "edit", "CC-00001", "phone=12"], exit: 1,
                               stderrEquals: "Refused: phone: Enter a valid phone number\n")
    }

    @Test func refusalAsJSONNamesTheReasons() throws {
        let ws = try Workspace()
        let result = try ws.assertUnchanged(["record", "edit", "CC-00001", "phone=12", "--format", "json"], exit: 1)
        let body = try result.jsonObject()
        #expect(body["error"] as? String == "refused")
        #expect(body["reasons"] as? [String] == ["phone: Enter a valid phone number"])
    }

    @Test(arguments: [
        (["record", "edit", "CC-99999", "phone=0400 000 000"], "Error: No record with id 'CC-99999'\n"),
        (["record", "edit", "CC-00001", "shoe_size=9"],
         "Error: Record type 'care_contact' has no field 'shoe_size' (its fields: name, relationship, phone, email, suburb, is_emergency_contact, decision_maker, notes)\n"),
        (["record", "edit", "CC-00001", "phone"], "Error: 'phone' is not FIELD=VALUE\n"),
        (["record", "edit", "CC-00001", "is_emergency_contact=perhaps"], nil),
    ])
    func malformedEditsAreBadInputAndChangeNothing(arguments: [String], message: String?) throws {
        let ws = try Workspace()
        let result = try ws.assertUnchanged(arguments, exit: 2, stderrEquals: message)
        #expect(result.stderr.hasPrefix("Error: "))
    }

    @Test func editDryRunShowsTheRecordItWouldSave() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["record", "edit", "CC-00001", "phone=0400 999 888", "--dry-run"], exit: 0,
                               stdout: ["Would save:\nCC-00001  Care contact  (client C-0001)\n", "  Phone: 0400 999 888\n"])
    }
}
