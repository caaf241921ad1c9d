import Foundation
import Testing

@Suite struct ItemCommandTests {
    @Test func setWritesAProfileItemToTheClientsProfile() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002", "preferred_name", "pronouns=They/them"], stdoutEquals: """
            set preferred_name
              · profile profile.pronouns: "She/her" → "They/them"
            SP-000002  progress [--------------------]   4%  1 of 23 done

            """)
        try ws.assertCommand(["client", "show", "C-0001"], stdout: ["  Pronouns: They/them\n"])
    }

    @Test func setAsJSONReportsThePlanAndTheChanges() throws {
        let ws = try Workspace()
        let body = try ws.assertCommand(["item", "set", "SP-000002", "goals", "progress_notes=Going well", "--format", "json"]).jsonObject()
        #expect(Set(body.keys) == ["plan", "changes", "dry_run", "expired_plan", "created_records", "upgrade"])
        try PlanCommandTests.expectPlanShape(try #require(body["plan"] as? [String: Any]))
        #expect(body["dry_run"] as? Bool == false)
        #expect((body["changes"] as? [[String: Any]])?.first?["action"] as? String == "set")
    }

    @Test func linkAndUnlinkRecords() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "candidates", "SP-000002", "emergency_contacts"], stdoutEquals: "CC-00002  Linh Tran · Friend · 0400 333 444\n")
        try ws.assertCommand(["item", "candidates", "SP-000002", "current_medications"], stdoutEquals: "No records may be linked.\n")
        let json = try #require(try ws.assertCommand(["item", "candidates", "SP-000002", "emergency_contacts", "--format", "json"]).json() as? [[String: Any]])
        #expect(json.map { $0["id"] as? String } == ["CC-00002"])
        try ws.assertCommand(["item", "link", "SP-000002", "emergency_contacts", "CC-00002"], stdout: [
            "link CC-00002 to emergency_contacts\n  · link emergency_contacts: [\"CC-00001\",\"CC-00005\"] → [\"CC-00001\",\"CC-00005\",\"CC-00002\"]\n",
        ])
        try ws.assertUnchanged(["item", "link", "SP-000002", "emergency_contacts", "CC-00002"], exit: 1,
                               stderrEquals: "Refused: Record CC-00002 is already linked to item 'emergency_contacts'\n")
        try ws.assertCommand(["item", "unlink", "SP-000002", "emergency_contacts", "CC-00002"], stdout: [
            "unlink CC-00002 from emergency_contacts\n",
        ])
        try ws.assertUnchanged(["item", "unlink", "SP-000002", "emergency_contacts", "CC-00002"], exit: 1,
                               stderrEquals: "Refused: Record CC-00002 is not linked to item 'emergency_contacts'\n")
    }

    @Test func formShowsFieldsAndDefaults() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "form", "SP-000002", "emergency_contacts"], stdoutEquals: """
            New care contact
              name*  Name (text)
              relationship*  Relationship (choice)  one of: Parent, Guardian, Partner, Child, Sibling, Other family, Friend, Neighbour, Support coordinator, Advocate, Other
              phone  Phone (phone)
              email  Email (email)
              suburb  Suburb (text)  default: Carlton
              is_emergency_contact  Emergency contact (boolean)  default: yes
                  Call this person in an emergency or when the client is unwell.
            * required. Submit with: supportplan item create SP-000002 emergency_contacts FIELD=VALUE...

            """)
        let json = try ws.assertCommand(["item", "form", "SP-000002", "emergency_contacts", "--format", "json"]).jsonObject()
        #expect(Set(json.keys) == ["record_type", "fields", "defaults", "errors"])
        #expect(json["record_type"] as? String == "care_contact")
        try ws.assertCommand(["item", "form", "SP-000002", "preferred_name"], exit: 1,
                             stderrEquals: "Refused: Item 'preferred_name' does not link records, so it has no create-new form\n")
    }

    @Test func createMakesARecordThroughTheFormAndLinksIt() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "create", "SP-000002", "emergency_contacts", "name=Sam Lee", "relationship=Friend", "phone=0400 123 456"], stdout: [
            "create CC-00006 and link it to emergency_contacts\n",
            "  · link emergency_contacts: [\"CC-00001\",\"CC-00005\"] → [\"CC-00001\",\"CC-00005\",\"CC-00006\"]\n",
        ])
        try ws.assertCommand(["record", "show", "CC-00006"], stdout: ["  Name: Sam Lee\n", "  Suburb: Carlton\n", "  Emergency contact: yes\n"])
    }

    @Test func aFormThatFailsItsChecksIsRefusedWithEveryFieldsMessage() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["item", "create", "SP-000002", "emergency_contacts", "name=Linh Tran", "relationship=Friend", "phone=12"],
                               exit: 1, stderrEquals: """
            Refused:
              - name: Linh Tran is already on file as CC-00002; link that record instead
              - phone: Enter a valid phone number

            """)
        let json = try ws.assertUnchanged(["item", "create", "SP-000002", "emergency_contacts", "name=Linh Tran", "relationship=Friend",
                                           "phone=12", "--format", "json"], exit: 1).jsonObject()
        #expect(json["fields"] as? [String: String] == ["name": "Linh Tran is already on file as CC-00002; link that record instead",
                                                        "phone": "Enter a valid phone number"])
    }

    @Test func completeAndReviewFollowThePlansLife() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["item", "complete", "SP-000002", "preferred_name"], exit: 1,
                               stderrEquals: "Refused: Plan SP-000002 is a review draft: mark items reviewed, not complete\n")
        try ws.assertUnchanged(["item", "review", "SP-000002", "goals"], exit: 1,
                               stderrEquals: "Refused: Record the progress made towards these goals since the last plan\n")
        try ws.assertCommand(["item", "review", "SP-000002", "preferred_name"], stdoutEquals: """
            review preferred_name
              · reviewed preferred_name: open → reviewed
            SP-000002  progress [#-------------------]   8%  2 of 23 done

            """)
        // A new plan's items are completed, not reviewed.
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care"])
        try ws.assertUnchanged(["item", "complete", "SP-000003", "gp_details"], exit: 1,
                               stderrEquals: "Refused:\n  - GP name is required\n  - GP practice is required\n  - GP phone is required\n")
        try ws.assertCommand(["item", "complete", "SP-000003", "client_identity"], stdout: ["complete client_identity\n", "1 of 12 done"])
        try ws.assertCommand(["plan", "show", "SP-000003"], stdout: ["  ✔ Identity and package  [client_identity] complete\n"])
    }

    @Test func notRequiredAndReinstate() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "not-required", "SP-000002", "transfer_video", "--reason", "Walks independently"], stdoutEquals: """
            mark transfer_video not required
              · not_required transfer_video: open → not_required: Walks independently
            SP-000002  progress [#-------------------]   8%  2 of 23 done

            """)
        try ws.assertCommand(["plan", "show", "SP-000002"], stdout: ["      not required: Walks independently\n"])
        try ws.assertCommand(["item", "reinstate", "SP-000002", "transfer_video"], stdout: ["  · reinstate transfer_video: not_required → open\n"])
        try ws.assertUnchanged(["item", "reinstate", "SP-000002", "transfer_video"], exit: 1,
                               stderrEquals: "Refused: Item 'transfer_video' is open, not marked not required\n")
        try ws.assertUnchanged(["item", "not-required", "SP-000002", "identity"], exit: 1,
                               stderrEquals: "Refused: Item 'identity' can't be marked not required: the template requires it\n")
        try ws.assertUnchanged(["item", "not-required", "SP-000002", "allied_health"], exit: 1,
                               stderrEquals: "Refused: Item 'allied_health' is already not required\n")
    }

    @Test func addAnotherAsCloneOrBlankAndRemoveIt() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "add", "SP-000002", "community_activities", "--clone", "1"], stdout: [
            "add another community_activities\n  · add community_activities#3: ∅ → clone of community_activities#1\n",
        ])
        #expect((try ws.item("SP-000002", "community_activities", instance: 3)?["values"] as? [String: Any])?["activity"] as? String
                == "Art class at the Carlton library")
        try ws.assertCommand(["item", "add", "SP-000002", "community_activities", "--blank"], stdout: [
            "  · add community_activities#4: ∅ → blank\n",
        ])
        #expect((try ws.item("SP-000002", "community_activities", instance: 4)?["values"] as? [String: String]) == ["support_ratio": "1:1"])
        try ws.assertCommand(["item", "remove", "SP-000002", "community_activities#4"], stdout: ["remove community_activities#4\n"])
        #expect(try ws.item("SP-000002", "community_activities", instance: 4) == nil)
        try ws.assertUnchanged(["item", "remove", "SP-000002", "community_activities"], exit: 1,
                               stderrEquals: "Refused: Instance 1 of item 'community_activities' can't be removed; only added instances can\n")
        try ws.assertUnchanged(["item", "add", "SP-000002", "preferred_name", "--blank"], exit: 1,
                               stderrEquals: "Refused: Item 'preferred_name' is not repeatable; Add Another is not allowed\n")
    }
}
