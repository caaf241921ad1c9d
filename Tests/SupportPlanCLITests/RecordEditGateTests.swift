import Foundation
import Testing

/// A record edit outside a plan goes through the same gates as one inside it: the form of every draft
/// plan linking the record judges it, the items linking it are re-checked, and activation waits for
/// every visible item to pass. Active plans keep what was agreed and are flagged for review.
@Suite struct RecordEditGateTests {
    @Test func blankingAPrescriberReopensTheReviewedItemLinkingItAndBlocksActivation() throws {
        let ws = try Workspace()
        try ws.reviewEverything()
        try ws.assertCommand(["record", "edit", "MED-00001", "prescriber="], stdout: [
            "Saved.\nMED-00001  Medication  (client C-0001)\n",
            "\nSP-000001 is active: its items stay as agreed, and it is flagged as needing review",
            "\nSP-000002: reopen current_medications (its check fails now)\n",
        ])
        let item = try #require(try ws.item("SP-000002", "current_medications"))
        #expect(item["status"] as? String == "open")
        let check = try #require(item["check"] as? [String: Any])
        #expect(check["ok"] as? Bool == false && check["messages"] as? [String] == ["Record the prescriber for Baclofen"])
        try ws.assertUnchanged(["plan", "activate", "SP-000002"], exit: 1, stderrEquals: "Refused: 1 item is not done\n")
        let history = try ws.assertCommand(["plan", "history", "SP-000002"]).stdout
        #expect(history.contains("  admin  reopen  current_medications: reviewed → open\n"))
        let activeHistory = try ws.assertCommand(["plan", "history", "SP-000001"]).stdout
        #expect(activeHistory.contains("  admin  needs_review  MED-00001: ∅ → Record MED-00001 was edited after activation\n"))
        // The active plan's items keep the marks agreed (nothing reopens there, no history), but the
        // item whose check fails now shows open, and is named under "Needs review".
        #expect(!activeHistory.contains("reopen"))
        #expect(try ws.item("SP-000001", "current_medications")?["status"] as? String == "open")
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: [
            "Needs review:\n  - Record MED-00001 was edited after activation\n"
                + "  - Item 'current_medications' was complete, but its check fails now: Record the prescriber for Baclofen\n",
        ])
    }

    @Test func ceasingAMedicationWithoutAnEndDateIsRefusedByTheDraftPlansForm() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["record", "edit", "MED-00001", "status=ceased"], exit: 1,
                               stderrEquals: "Refused: end_date: Enter the date the medication was ceased\n")
        let json = try ws.assertUnchanged(["record", "edit", "MED-00001", "status=ceased", "--format", "json"], exit: 1).jsonObject()
        #expect(json["fields"] as? [String: String] == ["end_date": "Enter the date the medication was ceased"])
        try ws.assertCommand(["record", "edit", "MED-00001", "status=ceased", "end_date=2026-11-20"], stdout: ["  Status: ceased\n"])
    }

    @Test func anEditAsJSONSaysWhatItDidToEachPlanAndWhetherItWasADryRun() throws {
        let ws = try Workspace()
        try ws.reviewEverything()
        let body = try ws.assertUnchanged(["record", "edit", "MED-00001", "prescriber=", "--dry-run", "--format", "json"], exit: 0).jsonObject()
        #expect(Set(body.keys) == ["id", "type", "client_id", "fields", "dry_run", "plans"])
        #expect(body["dry_run"] as? Bool == true)
        let plans = try #require(body["plans"] as? [[String: Any]])
        #expect(plans.map { $0["plan"] as? String } == ["SP-000001", "SP-000002"])
        #expect(plans.map { $0["status"] as? String } == ["active", "draft"])
        #expect(plans.map { $0["needs_review"] as? Bool } == [true, false])
        #expect(plans.map { $0["reopened"] as? [String] } == [[], ["current_medications"]])
    }

    /// However a done item's check came to fail (here a record changed by an import, which re-checks
    /// nothing), it shows open and activation waits until it passes again.
    @Test func aDoneItemWhoseCheckFailsShowsOpenAndBlocksActivation() throws {
        let ws = try Workspace()
        try ws.reviewEverything()
        #expect(try ws.evaluation("SP-000002")["can_activate"] as? Bool == true)
        // An import merges: null clears the prescriber, everything left out stays.
        let file = try ws.write("ada.json", #"[{"id": "C-0001", "name": "Ada Nguyen", "records": [{"id": "MED-00001", "type": "medication", "prescriber": null}]}]"#)
        try ws.assertCommand(["client", "import", file])
        let item = try #require(try ws.item("SP-000002", "current_medications"))
        #expect(item["status"] as? String == "open")
        #expect((item["check"] as? [String: Any])?["messages"] as? [String] == ["Record the prescriber for Baclofen"])
        let evaluation = try ws.evaluation("SP-000002")
        #expect(evaluation["can_activate"] as? Bool == false)
        #expect(evaluation["blockers"] as? [String] == ["Item 'current_medications' was reviewed, but its check fails now: Record the prescriber for Baclofen"])
        try ws.assertUnchanged(["plan", "activate", "SP-000002"], exit: 1, stderrEquals:
            "Refused: Item 'current_medications' was reviewed, but its check fails now: Record the prescriber for Baclofen\n")
        // Filled in again, the item shows its mark again and the draft can be activated.
        let back = try ws.write("back.json", #"[{"id": "C-0001", "records": [{"id": "MED-00001", "type": "medication", "prescriber": "Dr Priya Raman"}]}]"#)
        try ws.assertCommand(["client", "import", back])
        #expect(try ws.item("SP-000002", "current_medications")?["status"] as? String == "reviewed")
        try ws.assertCommand(["plan", "activate", "SP-000002"])
    }

    /// An active plan never shows `complete` over a required profile field an import cleared: the item
    /// shows open with the field's message, progress drops, and the plan is flagged for review.
    @Test func anActivePlanShowsAnItemWhoseRequiredFieldAnImportClearedAsOpen() throws {
        let ws = try Workspace()
        let before = try ws.evaluation("SP-000001")
        let done = try #require((before["progress"] as? [String: Any])?["done"] as? Int)
        let file = try ws.write("ada.json", #"{"id": "C-0001", "profile": {"allergies": null}}"#)
        try ws.assertCommand(["client", "import", file])
        let item = try #require(try ws.item("SP-000001", "health_summary"))
        #expect(item["status"] as? String == "open")
        let check = try #require(item["check"] as? [String: Any])
        #expect(check["ok"] as? Bool == false && check["messages"] as? [String] == ["Allergies and adverse reactions is required"])
        let after = try ws.evaluation("SP-000001")
        #expect((after["progress"] as? [String: Any])?["done"] as? Int == done - 1)
        #expect(after["status"] as? String == "active")
        let shown = try ws.assertCommand(["plan", "show", "SP-000001", "--format", "json"]).jsonObject()
        let items = (shown["sections"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
        #expect(items.first { $0["key"] as? String == "health_summary" }?["recorded_status"] as? String == "complete")
        #expect(items.filter { $0["recorded_status"] is String }.count == 1)
        #expect(shown["needs_review"] as? [String] == ["Item 'health_summary' was complete, but its check fails now: Allergies and adverse reactions is required"])
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: [
            "[health_summary] open (was complete)\n", "      Allergies and adverse reactions: —\n", "      ✗ Allergies and adverse reactions is required\n",
            "Needs review:\n  - Item 'health_summary' was complete, but its check fails now: Allergies and adverse reactions is required\n",
        ])
        // Reading wrote nothing: the mark is still stored, and shows again once the field is back.
        #expect(!(try ws.assertCommand(["plan", "history", "SP-000001"]).stdout.contains("reopen")))
        let back = try ws.write("back.json", #"{"id": "C-0001", "profile": {"allergies": "Penicillin"}}"#)
        try ws.assertCommand(["client", "import", back])
        #expect(try ws.item("SP-000001", "health_summary")?["status"] as? String == "complete")
        #expect(try ws.evaluation("SP-000001")["progress"] as? [String: Int] == before["progress"] as? [String: Int])
    }
}
