@testable import PlanModel
import Testing

/// A plan's life, Review: a draft copy of an active plan, marked reviewed, activated in the original's place; and upgrade.
@Suite struct ReviewTests {
    @Test func aReviewIsADraftCopyLinkedBackToTheActivePlan() throws {
        let active = try TestTemplates.activePlan()
        let (copy, report) = try TestTemplates.review(of: active)
        #expect(report == nil, "without an upgrade there is nothing to report")
        #expect(copy.plan.id == "P-2")
        #expect(copy.plan.status == .draft)
        #expect(copy.plan.previousPlanID == "P-1")
        #expect(copy.plan.isReviewDraft)
        #expect(copy.plan.templateVersion == 3, "by default the copy keeps the original's template version")
        #expect(copy.plan.createdOn == "2026-06-30")
        #expect(copy.plan.activationDate == nil)
        #expect(copy.evaluate().previousPlan == "P-1")
        #expect(copy.events == [HistoryEvent(planID: "P-2", at: "2026-06-30T10:00:00Z", user: "reviewer@example.org",
                                             action: "start_review", before: "P-1", after: "ndis-core v3")])
    }

    @Test func aReviewCopyKeepsValuesLinksAndNotRequiredMarksAndReopensEverythingElse() throws {
        var original = try TestTemplates.create(goalAttainmentPlan: "GAP-00001")
        try TestTemplates.finish(&original)
        try original.addInstance("transfer_video", cloneOf: nil)
        try original.set(InstanceRef("transfer_video", 2), [("url", .text("https://videos.example.org/car"))])
        try original.complete(InstanceRef("transfer_video", 2))
        _ = try original.activate(previousActive: nil)

        let (copy, _) = try TestTemplates.review(of: original)
        let byRef = Dictionary(uniqueKeysWithValues: copy.plan.instances.map { ($0.ref.description, $0) })
        #expect(copy.plan.instances.map(\.ref.description) ==
                ["preferred_name", "communication", "emergency_contacts", "medications", "transfer_video",
                 "transfer_video#2", "consent"])
        #expect(byRef["communication"]?.values == ["method": .text("Auslan"), "language": .text("English")])
        #expect(byRef["emergency_contacts"]?.records == ["CC-00001"])
        #expect(byRef["transfer_video#2"]?.url == "https://videos.example.org/car")
        #expect(byRef["consent"]?.values == ["agreed": .boolean(true)])
        #expect(byRef["medications"]?.status == .notRequired)
        #expect(byRef["medications"]?.notRequiredReason == "No medications")
        #expect(copy.plan.instances.filter { $0.key != "medications" }.allSatisfy { $0.status == .open })
        #expect(copy.plan.goalAttainmentPlanID == "GAP-00001")
        #expect(copy.evaluate().progress == Progress(done: 1, total: 7))
    }

    @Test func itemsOfAReviewDraftAreMarkedReviewedNotComplete() throws {
        let active = try TestTemplates.activePlan()
        var (copy, _) = try TestTemplates.review(of: active)
        try copy.review(InstanceRef("communication"))
        #expect(copy.status("communication") == .reviewed)
        #expect(copy.events.last == HistoryEvent(planID: "P-2", at: "2026-06-30T10:00:00Z", user: "reviewer@example.org",
                                                 action: "reviewed", target: "communication", before: "open", after: "reviewed"))
        expectRefusal(&copy, ["Plan P-2 is a review draft: mark items reviewed, not complete"]) {
            try $0.complete(InstanceRef("consent"))
        }
        expectRefusal(&copy, ["Item 'communication' is already reviewed"]) { try $0.review(InstanceRef("communication")) }
    }

    @Test func aPlanMadeFromATemplateIsMarkedCompleteNotReviewed() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Plan P-1 is not a review draft: mark items complete, not reviewed"]) {
            try $0.review(InstanceRef("transfer_video"))
        }
        try bench.complete(InstanceRef("transfer_video"))
        expectRefusal(&bench, ["Item 'transfer_video' is already complete"]) { try $0.complete(InstanceRef("transfer_video")) }
    }

    @Test func aReviewedItemIsGatedByItsCheckAndReopensWhenAnEditFailsIt() throws {
        let active = try TestTemplates.activePlan()
        var (copy, _) = try TestTemplates.review(of: active)
        try copy.unlink(InstanceRef("emergency_contacts"), "CC-00001")
        expectRefusal(&copy, ["Link at least 1 record(s)"]) { try $0.review(InstanceRef("emergency_contacts")) }
        try copy.review(InstanceRef("consent"))
        try copy.set(InstanceRef("consent"), [("agreed", nil)])
        #expect(copy.status("consent") == .open)
        #expect(copy.events.last?.before == "reviewed")
    }

    @Test func reviewingAProfileItemWritesTheShownValuesAndRenewsTheSnapshot() throws {
        let active = try TestTemplates.activePlan()
        #expect(active.plan.instance(InstanceRef("preferred_name"))?.snapshot ==
                ["preferred_name": .text("Al"), "pronouns": .text("they/them")])
        var (copy, _) = try TestTemplates.review(of: active)
        try copy.set(InstanceRef("preferred_name"), [("pronouns", .text("she/her"))])
        try copy.review(InstanceRef("preferred_name"))
        #expect(copy.plan.instance(InstanceRef("preferred_name"))?.snapshot ==
                ["preferred_name": .text("Al"), "pronouns": .text("she/her")])
        #expect(copy.client.profile["pronouns"] == .text("she/her"))
    }

    @Test func theOriginalStaysActiveUntilTheReviewIsActivated() throws {
        let active = try TestTemplates.activePlan()
        var (copy, _) = try TestTemplates.review(of: active)
        #expect(active.plan.status == .active)
        #expect(copy.client.latestPlanID == "P-1")

        for instance in copy.plan.instances where instance.status == .open { try copy.review(instance.ref) }
        #expect(copy.evaluate().progress.percent == 100)
        #expect(active.plan.status == .active, "working through the review leaves the original active")

        let expired = try #require(try copy.activate(previousActive: active.plan))
        #expect(expired.id == "P-1")
        #expect(expired.status == .expired)
        #expect(expired.expiryDate == "2026-06-30")
        #expect(copy.plan.status == .active)
        #expect(copy.plan.activationDate == "2026-06-30")
        #expect(copy.client.latestPlanID == "P-2")
    }

    @Test func anActivePlanHasAtMostOneReviewDraft() throws {
        let active = try TestTemplates.activePlan()
        #expect(refusal { try TestTemplates.review(of: active, hasReviewDraft: true) } ==
                ["Plan P-1 already has a review draft; finish or discard it first"])
    }

    @Test func onlyAnActivePlanCanBeReviewed() throws {
        let draft = try TestTemplates.create()
        #expect(refusal { try TestTemplates.review(of: draft) } == ["Plan P-1 is draft; only an active plan can be reviewed"])

        let active = try TestTemplates.activePlan()
        var third = try TestTemplates.create(id: "P-3", client: active.client)
        try TestTemplates.finish(&third)
        let expired = try #require(try third.activate(previousActive: active.plan))
        var expiredBench = active
        expiredBench.plan = expired
        #expect(refusal { try TestTemplates.review(of: expiredBench) } ==
                ["Plan P-1 is expired; only an active plan can be reviewed"])
    }

    @Test func aReviewDraftCanBeDiscardedLeavingTheOriginalActive() throws {
        let active = try TestTemplates.activePlan()
        var (copy, _) = try TestTemplates.review(of: active)
        try copy.discard()
        #expect(copy.plan.status == .discarded)
        #expect(active.plan.status == .active)
        #expect(copy.client.latestPlanID == "P-1")
    }

    @Test func upgradeMovesTheCopyToTheLatestVersionAndReportsDroppedAndAddedItems() throws {
        let active = try TestTemplates.activePlan()
        let (copy, report) = try TestTemplates.review(of: active, upgradeTo: TestTemplates.ndisCoreV4())
        #expect(report == PlanWorkbench.UpgradeReport(fromVersion: 3, toVersion: 4, dropped: ["consent"], added: ["risks"]))
        #expect(copy.plan.templateVersion == 4)
        #expect(copy.template.version == 4)
        #expect(copy.plan.instances.map(\.key) ==
                ["preferred_name", "communication", "emergency_contacts", "medications", "transfer_video", "risks"])
        #expect(copy.plan.instance(InstanceRef("communication"))?.values ==
                ["method": .text("Auslan"), "language": .text("English")], "items are carried over by key")
        #expect(copy.plan.instance(InstanceRef("medications"))?.status == .notRequired)
        #expect(copy.plan.instance(InstanceRef("risks")) ==
                ItemInstance(key: "risks", status: .open, values: ["level": .text("Low")]), "an added item starts with its defaults")
        #expect(copy.events.last?.after == "ndis-core v4")
    }

    @Test func upgradeAppliesTheNewVersionsDefaultHooksToAddedItems() throws {
        let active = try TestTemplates.activePlan()
        let rules = PlainRules()
        rules.defaults["risks"] = { _, _ in .values(["level": .text("High")]) }
        let (copy, _) = try TestTemplates.review(of: active, upgradeTo: TestTemplates.ndisCoreV4(), rules: rules)
        #expect(copy.plan.instance(InstanceRef("risks"))?.values == ["level": .text("High")])
    }
}
