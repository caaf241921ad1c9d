import Foundation
import Testing

@Suite struct PlanCommandTests {
    static let itemKeys: Set<String> = ["key", "instance", "kind", "title", "visible", "status", "values", "records", "url", "check", "error"]
    static let planKeys: Set<String> = ["plan", "client", "template", "template_version", "status", "previous_plan", "activation_date",
                                        "progress", "can_activate", "blockers", "sections", "errors"]

    /// Checks the `plan evaluate --format json` shape the docs give.
    static func expectPlanShape(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Set(body.keys) == planKeys, sourceLocation: sourceLocation)
        let progress = try #require(body["progress"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(Set(progress.keys) == ["done", "total", "percent"], sourceLocation: sourceLocation)
        #expect(body["can_activate"] is Bool && body["blockers"] is [String] && body["errors"] is [Any], sourceLocation: sourceLocation)
        let sections = try #require(body["sections"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(!sections.isEmpty, sourceLocation: sourceLocation)
        for section in sections {
            #expect(Set(section.keys) == ["key", "title", "visible", "progress", "items"], sourceLocation: sourceLocation)
            for item in section["items"] as? [[String: Any]] ?? [] {
                #expect(Set(item.keys) == itemKeys, "\(item)", sourceLocation: sourceLocation)
                let check = try #require(item["check"] as? [String: Any], sourceLocation: sourceLocation)
                #expect(Set(check.keys) == ["ok", "messages"], sourceLocation: sourceLocation)
                #expect(item["values"] is [String: Any] && item["records"] is [String], sourceLocation: sourceLocation)
            }
        }
    }

    static let showKeys = planKeys.union(["expiry_date", "goal_attainment_plan", "behaviour_support_plan", "needs_review"])
    static let showItemKeys = itemKeys.union(["guidance", "not_required_reason", "linked_records", "recorded_status"])

    /// Checks the `plan show --format json` shape: the evaluation's keys and what a front end needs around them.
    static func expectShowShape(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Set(body.keys) == showKeys, sourceLocation: sourceLocation)
        for section in body["sections"] as? [[String: Any]] ?? [] {
            #expect(Set(section.keys) == ["key", "title", "visible", "progress", "items", "guidance"], sourceLocation: sourceLocation)
            for item in section["items"] as? [[String: Any]] ?? [] {
                #expect(Set(item.keys) == showItemKeys, "\(item)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Everything a front end shows of a plan is in `plan show`'s JSON, absent values as null.
    @Test func showAsJSONCarriesGuidanceReasonsChosenPlansExpiryAndRecordCards() throws {
        let ws = try Workspace()
        let json = try ws.assertCommand(["plan", "show", "SP-000002", "--format", "json"]).jsonObject()
        try Self.expectShowShape(json)
        #expect(json["expiry_date"] is NSNull && json["needs_review"] as? [String] == [])
        #expect(json["goal_attainment_plan"] as? [String: String] == ["id": "GAP-00001", "type": "goal_attainment_plan", "display": "Goals 2026-27"])
        #expect(json["behaviour_support_plan"] as? [String: String] == [
            "id": "BSP-00001", "type": "behaviour_support_plan", "display": "Positive behaviour support plan 2026 · Dr Mel Harris · 2026-05-02"])
        let sections = try #require(json["sections"] as? [[String: Any]])
        let about = try #require(sections.first)
        let guidance = try #require(about["guidance"] as? [String: Any])
        #expect((guidance["text"] as? String)?.hasPrefix("Write this section with the participant") == true)
        #expect((guidance["links"] as? [[String: String]])?.first == ["title": "Person-centred planning (NDIS Commission)",
                                                                     "url": "https://www.ndiscommission.gov.au/resources"])
        #expect(guidance["hover"] is NSNull)
        let items = sections.flatMap { $0["items"] as? [[String: Any]] ?? [] }
        func item(_ key: String) throws -> [String: Any] { try #require(items.first { $0["key"] as? String == key }) }
        let name = try #require(try item("preferred_name")["guidance"] as? [String: Any])
        #expect(name["hover"] as? [String: String] == ["preferred_name": "What the client likes to be called. Leave blank when it is their first name."])
        #expect(try item("allied_health")["not_required_reason"] as? String == "No allied health reports yet")
        #expect(try item("preferred_name")["not_required_reason"] is NSNull)
        #expect(try item("emergency_contacts")["linked_records"] as? [[String: String]] == [
            ["id": "CC-00001", "type": "care_contact", "display": "Bo Nguyen · Parent · 0400 111 222"],
            ["id": "CC-00005", "type": "care_contact", "display": "Kim Nguyen · Sibling · 0400 555 777"],
        ])
        try ws.reviewEverything()
        try ws.assertCommand(["plan", "activate", "SP-000002"])
        #expect(try ws.assertCommand(["plan", "show", "SP-000001", "--format", "json"]).jsonObject()["expiry_date"] as? String == "2026-11-28")
    }

    @Test func createPrintsThePlanAndItsBlockers() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care"], stdout: [
            "Created SP-000003 for C-0002 from home-care v1.\nSP-000003  C-0002 Ron Walsh  ·  Home Care Package v1  ·  draft\n",
            "Progress  [--------------------]   0%  0 of 12 done\n",
            "  ○ Current medicines  [medications] open\n      no linked records\n      ✗ Link at least 1 record(s)\n",
            "  · Home Medicines Review  [medication_review] hidden\n",
            "      ┌ CC-00003  Karen Walsh · Child · 0411 222 333\n",
            "Before activation:\n  - 12 items are not done\n  - Record a risk assessment for the client before activating the plan\n",
        ])
        try ws.assertCommand(["plan", "list", "--client", "C-0002"], stdoutEquals: "SP-000003  C-0002  home-care v1  draft\n")
    }

    @Test func createAsJSONFollowsTheContract() throws {
        let ws = try Workspace()
        let report = try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care", "--format", "json"]).jsonObject()
        // A creation is reported like every other change: the plan after, the changes and dry_run.
        #expect(Set(report.keys) == ["plan", "changes", "dry_run", "expired_plan", "created_records", "upgrade"])
        #expect(report["dry_run"] as? Bool == false && report["expired_plan"] is NSNull && report["upgrade"] is NSNull)
        let body = try #require(report["plan"] as? [String: Any])
        try Self.expectPlanShape(body)
        #expect(body["plan"] as? String == "SP-000003")
        #expect(body["client"] as? String == "C-0002")
        #expect(body["template"] as? String == "home-care")
        #expect(body["template_version"] as? Int == 1)
        #expect(body["status"] as? String == "draft")
        #expect(body["previous_plan"] is NSNull && body["activation_date"] is NSNull)
        #expect(body["progress"] as? [String: Int] == ["done": 0, "total": 12, "percent": 0])
        #expect(body["can_activate"] as? Bool == false)
        #expect(body["blockers"] as? [String] == ["12 items are not done", "Record a risk assessment for the client before activating the plan"])
        let items = (body["sections"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
        let identity = try #require(items.first { $0["key"] as? String == "client_identity" })
        #expect(identity["kind"] as? String == "profile")
        #expect((identity["values"] as? [String: String])?["my_aged_care_id"] == "AC12345678")
        #expect(identity["url"] is NSNull && identity["error"] is NSNull)
        let gp = try #require(items.first { $0["key"] as? String == "gp_details" })
        #expect((gp["check"] as? [String: Any])?["messages"] as? [String] == ["GP name is required", "GP practice is required", "GP phone is required"])
    }

    @Test func createWithGoalAndBehaviourPlans() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "create", "--client", "C-0001", "--template", "ndis-core", "--goal-plan", "GAP-00001",
                              "--behaviour-plan", "BSP-00001"], stdout: ["Created SP-000003 for C-0001 from ndis-core v1."])
        let goals = try #require(try ws.item("SP-000003", "goals"))
        #expect((goals["values"] as? [String: Any])?["focus_goals"] as? String == "Catch the tram to the library on my own; cook one meal a week.")
    }

    @Test(arguments: [
        (["plan", "create", "--client", "C-0009", "--template", "home-care"], "Error: No client with id 'C-0009'\n"),
        (["plan", "create", "--client", "C-0002", "--template", "nope"],
         "Error: Template 'nope' has not been published (run `supportplan template publish nope`)\n"),
        (["plan", "create", "--client", "C-0002", "--template", "home-care", "--goal-plan", "GAP-99"],
         "Error: --goal-plan: no record with id 'GAP-99'\n"),
        (["plan", "create", "--client", "C-0001", "--template", "ndis-core", "--goal-plan", "MED-00001"],
         "Error: --goal-plan: Record MED-00001 is a medication, not a goal attainment plan\n"),
        (["plan", "create", "--client", "C-0001", "--template", "ndis-core", "--behaviour-plan", "GAP-00001"],
         "Error: --behaviour-plan: Record GAP-00001 is a goal attainment plan, not a behaviour support plan\n"),
    ])
    func createWithUnknownIDsIsBadInput(arguments: [String], message: String) throws {
        let ws = try Workspace()
        try ws.assertUnchanged(arguments, exit: 2, stderrEquals: message)
    }

    @Test func listFiltersByClientAndStatus() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "list", "--status", "active"], stdoutEquals: "SP-000001  C-0001  ndis-core v1  active\n")
        try ws.assertCommand(["plan", "list", "--status", "draft", "--client", "C-0001"],
                             stdoutEquals: "SP-000002  C-0001  ndis-core v1  draft  reviews SP-000001\n")
        try ws.assertCommand(["plan", "list", "--client", "C-0003"], stdoutEquals: "No plans.\n")
        let rows = try #require(try ws.assertCommand(["plan", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["SP-000001", "SP-000002"])
        try ws.assertCommand(["plan", "list", "--status", "bogus"], exit: 2,
                             stderrEquals: "Error: --status 'bogus' is not draft, active, expired or discarded\n")
        try ws.assertCommand(["plan", "list", "--client", "C-9999"], exit: 2, stderrEquals: "Error: No client with id 'C-9999'\n")
    }

    @Test func showPrintsSectionsWithProgressBarsItemsGuidanceHiddenItemsAndBlockers() throws {
        let ws = try Workspace()
        let result = try ws.assertCommand(["plan", "show", "SP-000002"], stdout: [
            "SP-000002  C-0001 Ada Nguyen  ·  NDIS Core Supports v1  ·  draft  ·  reviews SP-000001\nProgress  [--------------------]   4%  1 of 23 done\n",
            "\nAbout me  [----------]   0%  0/4\n  ⓘ Write this section with the participant",
            "    ↗ Person-centred planning (NDIS Commission): https://www.ndiscommission.gov.au/resources\n",
            "  ○ Preferred name and pronouns  [preferred_name] open\n",
            "      Preferred name: Ada\n      Pronouns: She/her\n",
            "  · Using my AAC device (video)  [aac_video] hidden\n",
            "      ┌ MED-00001  Baclofen · 10 mg · Three times daily · current\n",
            "Community and goals  [##--------]  25%  1/4\n",
            "      ✗ Record the progress made towards these goals since the last plan\n",
            "  – Allied health reports  [allied_health] not required\n      no linked records\n      not required: No allied health reports yet\n",
            "  ○ Community activity  [community_activities#2] open\n",
            "      ▶ https://video.example.org.au/clients/ada-nguyen/transfers\n",
            "\nBefore activation:\n  - 22 items are not done\n",
        ])
        #expect(!result.stdout.contains("\u{1B}["))
        try ws.assertCommand(["plan", "show", "SP-000001"], stdout: [
            "SP-000001  C-0001 Ada Nguyen  ·  NDIS Core Supports v1  ·  active  ·  active since 2026-11-28\n",
            "Progress  [####################] 100%  23 of 23 done\n",
            "  ✔ Preferred name and pronouns  [preferred_name] complete\n",
        ])
        let json = try ws.assertCommand(["plan", "show", "SP-000002", "--format", "json"]).jsonObject()
        try Self.expectShowShape(json)
        #expect(json["previous_plan"] as? String == "SP-000001")
        try ws.assertCommand(["plan", "show", "SP-000009"], exit: 2,
                             stderrEquals: "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n")
    }

    @Test func evaluateOnePlanAsTextAndJSON() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "evaluate", "SP-000002"], stdout: [
            "SP-000002  C-0001  ·  ndis-core v1  ·  draft  ·  reviews SP-000001\n",
            "  ○ goals: Record the progress made towards these goals since the last plan\n",
            "Blockers:\n  - 22 items are not done\n",
        ])
        let body = try ws.assertCommand(["plan", "evaluate", "SP-000001", "--format", "json"]).jsonObject()
        try Self.expectPlanShape(body)
        #expect(body["status"] as? String == "active")
        #expect(body["activation_date"] as? String == "2026-11-28")
        #expect(body["progress"] as? [String: Int] == ["done": 23, "total": 23, "percent": 100])
        let aac = try #require(try ws.item("SP-000001", "aac_video"))
        #expect(aac["visible"] as? Bool == false)
        #expect(aac["kind"] as? String == "video")
    }

    @Test func evaluateAllPrintsASummary() throws {
        let ws = try Workspace()
        let text = try ws.assertCommand(["plan", "evaluate", "--all"]).stdout
        #expect(text.hasPrefix("2 plans evaluated in "))
        #expect(text.hasSuffix(" s: 0 ready to activate, 0 with rule errors.\n"))
        try ws.reviewEverything()
        let summary = try ws.assertCommand(["plan", "evaluate", "--all", "--format", "json"]).jsonObject()
        #expect(Set(summary.keys).isSuperset(of: ["plans", "ready_to_activate", "plans_with_rule_errors", "seconds", "error_samples"]))
        #expect(summary["plans"] as? Int == 2)
        #expect(summary["ready_to_activate"] as? Int == 1)
    }

    @Test(arguments: [["plan", "evaluate"], ["plan", "evaluate", "SP-000001", "--all"]])
    func evaluateNeedsAPlanOrAllButNotBoth(arguments: [String]) throws {
        let ws = try Workspace()
        try ws.assertCommand(arguments, exit: 2, stderr: ["Error: Give a plan id or --all (not both).\n"])
    }

    @Test func activationWithBlockersIsRefusedAndChangesNothing() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["plan", "activate", "SP-000002"], exit: 1, stderrEquals: "Refused: 22 items are not done\n")
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care"])
        try ws.assertUnchanged(["plan", "activate", "SP-000003"], exit: 1, stderrEquals: """
            Refused:
              - 12 items are not done
              - Record a risk assessment for the client before activating the plan

            """)
        try ws.assertUnchanged(["plan", "activate", "SP-000001"], exit: 1,
                               stderrEquals: "Refused: The plan is active; only a draft can be activated\n")
    }

    @Test func activationExpiresThePreviousActivePlan() throws {
        let ws = try Workspace()
        try ws.reviewEverything()
        try ws.assertCommand(["plan", "evaluate", "SP-000002"], stdout: ["Progress  [####################] 100%  23 of 23 done\n", "Ready to activate.\n"])
        try ws.assertUnchanged(["plan", "activate", "SP-000002", "--dry-run"], exit: 0, stdout: [
            "Dry run: would activate SP-000002; SP-000001 expires\n",
            "  · expire: active → expired (replaced by SP-000002)\n  · activate: draft → active\n  · latest_plan client.C-0001: SP-000001 → SP-000002\n",
            "Nothing was changed (--dry-run).\n",
        ])
        let body = try ws.assertCommand(["plan", "activate", "SP-000002", "--format", "json"]).jsonObject()
        #expect(Set(body.keys) == ["plan", "changes", "dry_run", "expired_plan", "created_records", "upgrade"])
        #expect(body["expired_plan"] as? String == "SP-000001")
        #expect(body["upgrade"] is NSNull)
        #expect((body["plan"] as? [String: Any])?["status"] as? String == "active")
        try ws.assertCommand(["plan", "list"], stdoutEquals: """
            SP-000001  C-0001  ndis-core v1  expired
            SP-000002  C-0001  ndis-core v1  active  reviews SP-000001

            """)
        try ws.assertCommand(["client", "show", "C-0001"], stdout: [
            "  SP-000001  ndis-core v1  expired  activated 2026-11-28  expired 2026-11-28\n",
            "  SP-000002  ndis-core v1  active  activated 2026-11-28  reviews SP-000001  (latest)\n",
        ])
    }

    @Test func reviewMakesALinkedDraftCopy() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["plan", "review", "SP-000001"], exit: 1,
                               stderrEquals: "Refused: Plan SP-000001 already has a review draft; finish or discard it first\n")
        try ws.assertUnchanged(["plan", "review", "SP-000002"], exit: 1,
                               stderrEquals: "Refused: Plan SP-000002 is draft; only an active plan can be reviewed\n")
        try ws.assertCommand(["plan", "discard", "SP-000002"])
        try ws.assertUnchanged(["plan", "review", "SP-000001", "--dry-run"], exit: 0,
                               stdout: ["Dry run: would start review SP-000003 of SP-000001\n", "Nothing was changed (--dry-run).\n"])
        try ws.assertCommand(["plan", "review", "SP-000001"], stdout: [
            "start review SP-000003 of SP-000001\n  · start_review: SP-000001 → ndis-core v1\n",
        ])
        try ws.assertCommand(["plan", "list", "--status", "draft"], stdoutEquals: "SP-000003  C-0001  ndis-core v1  draft  reviews SP-000001\n")
    }

    @Test func reviewWithUpgradeMovesTheCopyToTheLatestTemplateVersion() throws {
        let ws = try Workspace()
        let rules = try ws.copyRules()
        try TemplateEdits.hideMobility(in: rules)
        try TemplateEdits.addFavouriteThings(in: rules)
        try ws.assertCommand(["template", "publish", "ndis-core"], stdoutEquals: "ndis-core  v2  published\n")
        try ws.assertCommand(["plan", "discard", "SP-000002"])
        // The active plan still evaluates with version 1's rules.
        #expect(try ws.item("SP-000001", "mobility")?["visible"] as? Bool == true)
        try ws.assertCommand(["plan", "review", "SP-000001", "--upgrade"], stdout: [
            "start review SP-000003 of SP-000001\n  upgraded v1 → v2; dropped: none; added: favourite_things\n",
        ])
        let body = try ws.evaluation("SP-000003")
        #expect(body["template_version"] as? Int == 2)
        #expect(try ws.item("SP-000003", "mobility")?["visible"] as? Bool == false)
        #expect(try ws.item("SP-000003", "favourite_things")?["status"] as? String == "open")
        #expect(try ws.item("SP-000001", "mobility")?["visible"] as? Bool == true)
    }

    @Test func discardOnlyDrafts() throws {
        let ws = try Workspace()
        try ws.assertUnchanged(["plan", "discard", "SP-000001"], exit: 1,
                               stderrEquals: "Refused: Plan SP-000001 is active; only a draft can be discarded\n")
        try ws.assertUnchanged(["plan", "discard", "SP-000002", "--dry-run"], exit: 0,
                               stdout: ["Dry run: would discard SP-000002\n  · discard: draft → discarded\n", "Nothing was changed (--dry-run).\n"])
        try ws.assertCommand(["plan", "discard", "SP-000002"], stdout: ["discard SP-000002\n  · discard: draft → discarded\n"])
        try ws.assertUnchanged(["plan", "discard", "SP-000002"], exit: 1,
                               stderrEquals: "Refused: Plan SP-000002 is discarded; only a draft can be discarded\n")
        try ws.assertUnchanged(["plan", "discard", "SP-000009"], exit: 2,
                               stderrEquals: "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n")
    }

    @Test func historyListsEveryChangeWithWhoAndWhen() throws {
        let ws = try Workspace()
        let lines = try ws.assertCommand(["plan", "history", "SP-000001"]).stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("  tester  create: ∅ → ndis-core v1") == true)
        #expect(lines.contains { $0.hasSuffix("  tester  not_required  allied_health: open → not_required: No allied health reports yet") })
        #expect(lines.contains { $0.hasSuffix("  tester  link  current_medications: [] → [\"MED-00001\"]") })
        let events = try #require(try ws.assertCommand(["plan", "history", "SP-000002", "--format", "json"]).json() as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events.first?["user"] as? String == "tester")
        try ws.assertCommand(["plan", "history", "SP-000009"], exit: 2, stderrEquals: "Error: No plan with id 'SP-000009' (see `supportplan plan list`)\n")
    }

    @Test func diffShowsWhatChangedSinceThePlanUnderReview() throws {
        let ws = try Workspace()
        try ws.assertCommand(["item", "set", "SP-000002", "goals", "progress_notes=Catches the tram with a worker"])
        try ws.assertCommand(["item", "link", "SP-000002", "emergency_contacts", "CC-00002"])
        try ws.assertCommand(["plan", "diff", "SP-000002"], stdout: [
            "SP-000001 (v1) → SP-000002 (v1)\n",
            "  not yet reviewed: preferred_name, identity, contact_details,",
            "  ~ goals: status complete → open; progress_notes: ∅ → Catches the tram with a worker\n",
            "  ~ emergency_contacts: status complete → open; linked CC-00002\n",
        ])
        let diff = try ws.assertCommand(["plan", "diff", "SP-000002", "--format", "json"]).jsonObject()
        #expect(Set(diff.keys) == ["from", "to", "template_versions", "changes"])
        #expect(diff["template_versions"] as? [Int] == [1, 1])
        try ws.assertCommand(["plan", "diff", "SP-000001"], exit: 2)
        try ws.assertCommand(["plan", "create", "--client", "C-0002", "--template", "home-care"])
        try ws.assertCommand(["plan", "diff", "SP-000002", "SP-000003"], stdout: ["SP-000003 (v1) → SP-000002 (v1)\n", "  + preferred_name\n", "  - client_identity\n"])
    }

    @Test func explainShowsEachHooksResultReadsAndCost() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "explain", "SP-000002", "aac_video"], stdout: [
            "Using my AAC device (video)  [aac_video]  hidden  open\nHidden by the template's rules, so no check applies to it while it is hidden.\n",
            "items.aac_video.visible  → hidden  (Rules/ndis-core/rules.lua:",
            "  read: client.profile.uses_aac = false\n",
        ])
        let hidden = try ws.assertCommand(["plan", "explain", "SP-000002", "aac_video", "--format", "json"]).jsonObject()
        let hooks = try #require(hidden["hooks"] as? [[String: Any]])
        #expect(hooks.first?["reads"] as? [String] == ["client.profile.uses_aac"])
        #expect(hooks.first?["read_values"] as? [[String: String]] == [["path": "client.profile.uses_aac", "value": "false"]])
        try ws.assertCommand(["plan", "explain", "SP-000002", "goals"], stdout: [
            "check: fails: Record the progress made towards these goals since the last plan\n",
            "items.goals.complete  → not complete: Record the progress made towards these goals since the last plan",
        ])
        let json = try ws.assertCommand(["plan", "explain", "SP-000002", "goals", "--format", "json"]).jsonObject()
        #expect(Set(json.keys) == ["plan", "item", "hooks"])
        try ws.assertCommand(["plan", "explain", "SP-000002", "nope"], exit: 2, stderrEquals: "Error: Template 'ndis-core' has no item 'nope'\n")
    }

    @Test func explainAnswersForThePlanASectionAndAForm() throws {
        let ws = try Workspace()
        try ws.assertCommand(["plan", "explain", "SP-000002", "--plan"], stdout: [
            "Plan SP-000002 cannot be activated yet (",
            "  blocked: ",
            "plan.can_activate  → ",
            "  read: client.records(risk_assessment) = 1 record\n",
            "  read: client.records(risk_assessment)[1].assessed_date = \"2026-08-14\"\n",
            "  read: today = \"2026-11-28\"\n",
            "  read: plan.behaviour_support_plan = record BSP-00001 (behaviour_support_plan)\n",
        ])
        try ws.assertCommand(["plan", "explain", "SP-000002", "--section", "behaviour"], stdout: [
            "Section 'Behaviour support' is visible, ",
            "sections.behaviour.visible  → visible  (Rules/ndis-core/rules.lua:",
            "  read: client.profile.has_behaviour_support_needs = true\n",
        ])
        try ws.assertCommand(["plan", "explain", "SP-000002", "emergency_contacts", "--form", "care_contact"], stdout: [
            "The care_contact form offered to emergency_contacts has the fields name, relationship, phone, email, suburb, is_emergency_contact\n",
            "forms.care_contact.defaults  → defaults is_emergency_contact=yes, suburb=",
            "forms.care_contact.validate  → the defaults are refused: _form: Give a phone number or an email address so workers can reach them",
        ])
        let json = try ws.assertCommand(["plan", "explain", "SP-000002", "--form", "medication", "--format", "json"]).jsonObject()
        #expect(Set(json.keys) == ["plan", "part", "key", "summary", "blockers", "hooks"])
        #expect(json["part"] as? String == "form")
        try ws.assertCommand(["plan", "explain", "SP-000002", "--section", "behavior"], exit: 2,
                             stderrEquals: "Error: Template 'ndis-core' has no section 'behavior' (did you mean 'behaviour'?)\n")
        try ws.assertCommand(["plan", "explain", "SP-000002", "guardian_contact", "--form", "medication"], exit: 2,
                             stderrEquals: "Error: Item 'guardian_contact' does not link medication records, so it offers no medication form\n")
        try ws.assertCommand(["plan", "explain", "SP-000002"], exit: 2,
                             stderr: ["Error: Say what to explain: an ITEM, --plan, --section KEY or --form TYPE\n"])
        try ws.assertCommand(["plan", "explain", "SP-000002", "goals", "--plan"], exit: 2,
                             stderr: ["Error: Explain one thing at a time: an ITEM, --plan, --section KEY or --form TYPE (an ITEM goes with --form only)\n"])
    }
}
