@testable import PlanModel
import Testing

/// A plan's life, Create: a draft from an active template, every item once, defaults applied.
@Suite struct CreationTests {
    @Test func aNewPlanIsADraftOfTheTemplateVersionForTheClient() throws {
        let bench = try TestTemplates.create()
        #expect(bench.plan.status == .draft)
        #expect(bench.plan.clientID == "C-0001")
        #expect(bench.plan.templateID == "ndis-core")
        #expect(bench.plan.templateVersion == 3)
        #expect(bench.plan.createdOn == TestTemplates.today)
        #expect(bench.plan.previousPlanID == nil)
        #expect(bench.plan.activationDate == nil)
    }

    @Test func aNewPlanHoldsEveryItemOnceAndOpenInTemplateOrder() throws {
        let bench = try TestTemplates.create()
        #expect(bench.plan.instances.map(\.ref.description) ==
                ["preferred_name", "communication", "emergency_contacts", "medications", "transfer_video", "consent"])
        #expect(bench.plan.instances.allSatisfy { $0.instance == 1 && $0.status == .open })
        #expect(bench.evaluate().sections.map(\.key) == ["about_me", "contacts", "safety"])
    }

    @Test func templateDefaultsAreAppliedAtCreation() throws {
        let bench = try TestTemplates.create()
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")])
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/transfers")
        #expect(bench.plan.instance(InstanceRef("emergency_contacts"))?.records == [])
    }

    @Test func aProfileItemWithoutADefaultHookShowsTheLiveProfile() throws {
        var client = TestTemplates.client
        client.profile["preferred_name"] = .text("Ally")
        let bench = try TestTemplates.create(client: client)
        #expect(bench.item("preferred_name")?.values == ["preferred_name": .text("Ally")])
    }

    @Test func defaultHooksGiveEachKindItsStartingValues() throws {
        let rules = PlainRules()
        rules.defaults["preferred_name"] = { input, _ in
            .values(["preferred_name": input.client.profile["first_name"]!, "pronouns": .text("they/them"),
                     "not_a_field": .text("dropped")])
        }
        rules.defaults["communication"] = { _, _ in .values(["method": .text("Auslan")]) }
        rules.defaults["emergency_contacts"] = { _, _ in .records(["CC-00002", "MED-00001", "CC-00002", "CC-00003", "CC-00001"]) }
        rules.defaults["transfer_video"] = { _, _ in .url("https://example.org/alex-transfers") }
        let bench = try TestTemplates.create(rules: rules)

        #expect(bench.item("preferred_name")?.values == ["preferred_name": .text("Alex"), "pronouns": .text("they/them")])
        #expect(bench.client.profile["preferred_name"] == nil, "defaults are shown, not written, until the item is completed")
        // The hook's values join the fields' own defaults.
        #expect(bench.plan.instance(InstanceRef("communication"))?.values ==
                ["method": .text("Auslan"), "language": .text("English")])
        // Records of the item's type only, once each, within max.
        #expect(bench.plan.instance(InstanceRef("emergency_contacts"))?.records == ["CC-00002", "CC-00003"])
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/alex-transfers")
    }

    @Test func aFailingDefaultHookFallsBackToTheTemplateDefault() throws {
        let rules = PlainRules()
        rules.defaults["communication"] = { _, _ in throw HookFailure("attempt to index a nil value") }
        rules.defaults["transfer_video"] = { _, _ in throw HookFailure("attempt to index a nil value") }
        let bench = try TestTemplates.create(rules: rules)
        #expect(bench.plan.instance(InstanceRef("communication"))?.values == ["language": .text("English")])
        #expect(bench.plan.instance(InstanceRef("transfer_video"))?.url == "https://example.org/transfers")
    }

    @Test func creationMaySelectTheClientsGoalAttainmentAndBehaviourSupportPlans() throws {
        let bench = try TestTemplates.create(goalAttainmentPlan: "GAP-00001", behaviourSupportPlan: "BSP-00001")
        #expect(bench.plan.goalAttainmentPlanID == "GAP-00001")
        #expect(bench.plan.behaviourSupportPlanID == "BSP-00001")
        #expect(bench.input.plan.behaviourSupportPlanID == "BSP-00001", "rules see the selection")
    }

    @Test func creationRecordsAHistoryEvent() throws {
        let bench = try TestTemplates.create()
        #expect(bench.events == [HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                                              action: "create", target: "", before: nil, after: "ndis-core v3")])
    }

    @Test func onlyAnActiveTemplateCreatesPlans() {
        for status in [PlanTemplate.Status.draft, .inactive] {
            #expect(refusal { try TestTemplates.create(template: TestTemplates.ndisCore(status: status)) } ==
                    ["Template 'ndis-core' is \(status.rawValue); only an active template creates plans"])
        }
    }

    @Test func selectedPlansMustBeTheClientsRecordsOfTheRightType() {
        #expect(refusal { try TestTemplates.create(goalAttainmentPlan: "CC-00001", behaviourSupportPlan: "BSP-00099") } ==
                ["Record CC-00001 is not a goal attainment plan", "Record BSP-00099 is not a record of client C-0001"])
        #expect(refusal { try TestTemplates.create(behaviourSupportPlan: "GAP-00001") } ==
                ["Record GAP-00001 is not a behaviour support plan"])
    }

    @Test func everyReasonToRefuseCreationIsGivenAtOnce() {
        #expect(refusal { try TestTemplates.create(template: TestTemplates.ndisCore(status: .inactive),
                                                   goalAttainmentPlan: "GAP-00077") } ==
                ["Template 'ndis-core' is inactive; only an active template creates plans",
                 "Record GAP-00077 is not a record of client C-0001"])
    }
}
