@testable import PlanModel
import Testing

/// A plan's life, Activate: a draft at 100 %, no rule errors, `can_activate` passing; the previous plan expires.
@Suite struct ActivationTests {
    @Test func activationMakesThePlanActiveTodayAndTheClientsLatest() throws {
        var bench = try TestTemplates.create()
        try TestTemplates.finish(&bench)
        #expect(bench.evaluate().canActivate)
        let expired = try bench.activate(previousActive: nil)
        #expect(expired == nil)
        #expect(bench.plan.status == .active)
        #expect(bench.plan.activationDate == TestTemplates.today)
        #expect(bench.client.latestPlanID == "P-1")
        #expect(bench.events.suffix(2) == [
            HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                         action: "activate", before: "draft", after: "active"),
            HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                         action: "latest_plan", target: "client.C-0001", before: nil, after: "P-1"),
        ])
    }

    @Test func activationExpiresThePreviousActivePlan() throws {
        let first = try TestTemplates.activePlan()
        let counter = TestTemplates.IDCounter()
        var second = try PlanWorkbench.create(
            id: "P-3", template: TestTemplates.ndisCore(), recordTypes: TestTemplates.recordTypes, rules: PlainRules(),
            client: first.client, records: first.records, today: "2026-01-15", user: "lead@example.org",
            timestamp: "2026-01-15T08:00:00Z", nextRecordID: counter.id(for:))
        try TestTemplates.finish(&second)

        let expired = try #require(try second.activate(previousActive: first.plan))
        #expect(expired.id == "P-1")
        #expect(expired.status == .expired)
        #expect(expired.expiryDate == "2026-01-15")
        #expect(expired.activationDate == TestTemplates.today, "its own activation date stays")
        #expect(second.plan.status == .active)
        #expect(second.plan.activationDate == "2026-01-15")
        #expect(second.client.latestPlanID == "P-3")
        #expect(second.events.contains(HistoryEvent(
            planID: "P-1", at: "2026-01-15T08:00:00Z", user: "lead@example.org", action: "expire",
            before: "active", after: "expired (replaced by P-3)")))
        #expect(second.events.contains(HistoryEvent(
            planID: "P-3", at: "2026-01-15T08:00:00Z", user: "lead@example.org", action: "latest_plan",
            target: "client.C-0001", before: "P-1", after: "P-3")))
    }

    @Test func aClientNeverHasTwoActivePlans() throws {
        let first = try TestTemplates.activePlan()
        var second = try TestTemplates.create(id: "P-3", client: first.client)
        try TestTemplates.finish(&second)
        let expired = try second.activate(previousActive: first.plan)
        let plans = [expired, second.plan].compactMap { $0 }
        #expect(plans.filter { $0.status == .active }.map(\.id) == ["P-3"])
    }

    @Test func activationBelowOneHundredPercentIsRefusedWithTheCountOfItemsNotDone() throws {
        var bench = try TestTemplates.create()
        #expect(bench.evaluate().blockers == ["6 items are not done"])
        expectRefusal(&bench, ["6 items are not done"]) { _ = try $0.activate(previousActive: nil) }

        try TestTemplates.finish(&bench)
        try bench.reinstate(InstanceRef("medications"))
        expectRefusal(&bench, ["1 item is not done"]) { _ = try $0.activate(previousActive: nil) }
        #expect(bench.plan.status == .draft)
        #expect(bench.client.latestPlanID == nil)
    }

    @Test func aRefusedActivationLeavesThePreviousActivePlanAlone() throws {
        let first = try TestTemplates.activePlan()
        var second = try TestTemplates.create(id: "P-3", client: first.client)
        expectRefusal(&second, ["6 items are not done"]) { _ = try $0.activate(previousActive: first.plan) }
        #expect(second.client.latestPlanID == "P-1")
        #expect(!second.events.contains { $0.action == "expire" })
    }

    @Test func hiddenItemsDoNotHoldUpActivation() throws {
        let rules = PlainRules()
        rules.itemVisible["consent"] = { _, _ in false }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(InstanceRef("preferred_name"), [("preferred_name", .text("Al")), ("pronouns", .text("they/them"))])
        try bench.complete(InstanceRef("preferred_name"))
        try bench.set(InstanceRef("communication"), [("method", .text("Auslan"))])
        try bench.complete(InstanceRef("communication"))
        try bench.link(InstanceRef("emergency_contacts"), ["CC-00001"])
        try bench.complete(InstanceRef("emergency_contacts"))
        try bench.markNotRequired(InstanceRef("medications"), reason: nil)
        try bench.complete(InstanceRef("transfer_video"))
        _ = try bench.activate(previousActive: nil)
        #expect(bench.plan.status == .active)
        #expect(bench.status("consent") == .open)
    }

    @Test func aRuleErrorRefusesActivation() throws {
        let broken = Flag(false)
        let rules = PlainRules()
        rules.sectionVisible["safety"] = { _ in
            if broken.on { throw HookFailure("attempt to compare nil with number") }
            return true
        }
        var bench = try TestTemplates.create(rules: rules)
        try TestTemplates.finish(&bench)
        broken.on = true
        expectRefusal(&bench, ["Rule error: rule 'visible' of section 'safety' (PlainRules) failed: attempt to compare nil with number"]) {
            _ = try $0.activate(previousActive: nil)
        }
        #expect(bench.evaluate().section("safety")?.visible == true, "a failing visible hook counts as visible")
    }

    @Test func canActivateRefusingBlocksActivationWithItsMessages() throws {
        let signed = Flag(false)
        let rules = PlainRules()
        rules.canActivate = { _ in signed.on ? nil : ["Upload the signed consent form", "Ask a team leader to approve"] }
        var bench = try TestTemplates.create(rules: rules)
        #expect(bench.evaluate().blockers ==
                ["6 items are not done", "Upload the signed consent form", "Ask a team leader to approve"])
        try TestTemplates.finish(&bench)
        expectRefusal(&bench, ["Upload the signed consent form", "Ask a team leader to approve"]) {
            _ = try $0.activate(previousActive: nil)
        }
        signed.on = true
        _ = try bench.activate(previousActive: nil)
        #expect(bench.plan.status == .active)
    }

    @Test func canActivateRefusingWithoutAMessageStillExplainsItself() throws {
        let rules = PlainRules()
        rules.canActivate = { _ in [] }
        var bench = try TestTemplates.create(rules: rules)
        try TestTemplates.finish(&bench)
        expectRefusal(&bench, ["The template's rules do not allow activation yet"]) { _ = try $0.activate(previousActive: nil) }
    }

    @Test func aFailingCanActivateRefusesActivation() throws {
        let rules = PlainRules()
        rules.canActivate = { _ in throw HookFailure("memory limit reached") }
        var bench = try TestTemplates.create(rules: rules)
        try TestTemplates.finish(&bench)
        expectRefusal(&bench, ["Rule error: rule 'can_activate' of the plan (PlainRules) failed: memory limit reached",
                               "The template's rules do not allow activation yet"]) {
            _ = try $0.activate(previousActive: nil)
        }
    }

    @Test func onlyADraftCanBeActivated() throws {
        var active = try TestTemplates.activePlan()
        expectRefusal(&active, ["The plan is active; only a draft can be activated"]) { _ = try $0.activate(previousActive: nil) }

        var discarded = try TestTemplates.create()
        try TestTemplates.finish(&discarded)
        try discarded.discard()
        expectRefusal(&discarded, ["The plan is discarded; only a draft can be activated"]) {
            _ = try $0.activate(previousActive: nil)
        }
    }

    @Test func anActivePlanCannotBeChangedExceptThroughAReview() throws {
        var active = try TestTemplates.activePlan()
        let reason = "Plan P-1 is active; only a draft can be changed (start a review to change it)"
        expectRefusal(&active, [reason]) { try $0.set(InstanceRef("communication"), [("notes", .text("x"))]) }
        expectRefusal(&active, [reason]) { try $0.unlink(InstanceRef("emergency_contacts"), "CC-00001") }
        expectRefusal(&active, [reason]) { try $0.reinstate(InstanceRef("medications")) }
        expectRefusal(&active, ["Plan P-1 is active; only a draft can be changed"]) {
            try $0.editRecord("CC-00001", [("phone", .text("0400 123 456"))])
        }
    }

    @Test func discardingADraftMarksItDiscarded() throws {
        var bench = try TestTemplates.create()
        try bench.discard()
        #expect(bench.plan.status == .discarded)
        #expect(bench.events.last == HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                                                  action: "discard", before: "draft", after: "discarded"))
        expectRefusal(&bench, ["Plan P-1 is discarded; only a draft can be changed"]) {
            try $0.set(InstanceRef("communication"), [("notes", .text("x"))])
        }
    }

    @Test func onlyADraftCanBeDiscarded() throws {
        var active = try TestTemplates.activePlan()
        expectRefusal(&active, ["Plan P-1 is active; only a draft can be discarded"]) { try $0.discard() }
        var discarded = try TestTemplates.create()
        try discarded.discard()
        expectRefusal(&discarded, ["Plan P-1 is discarded; only a draft can be discarded"]) { try $0.discard() }
    }
}
