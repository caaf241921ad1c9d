import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

@Suite struct PlanLifeTests {
    @Test func demoTakesAPlanFromCreationThroughActivationToAReviewDraft() throws {
        let f = try ServiceFixture()
        let steps = try f.runDemo()
        #expect(steps.count == 12)
        let ada = try f.service.client("C-0001")
        #expect(ada.plans.map(\.id) == ["SP-000001", "SP-000002"])
        #expect(ada.plans.map(\.status) == [.active, .draft])
        #expect(ada.plans[1].previousPlanID == "SP-000001")
        #expect(ada.client.latestPlanID == "SP-000001")
        #expect(ada.client.profile["preferred_name"] == .text("Ada"))
        let active = try f.service.evaluate("SP-000001")
        #expect(active.progress.percent == 100)
        #expect(active.activationDate == "2026-11-28")
    }

    @Test func createWorkActivateAndReview() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        _ = try f.service.discard("SP-000002")
        // A fresh plan for Mia from community-access: created as a draft with its defaults.
        let created = try f.service.createPlan(client: "C-0003", template: "community-access")
        #expect(created.plan.id == "SP-000003")
        #expect(created.plan.status == .draft)
        #expect(created.evaluation.template == "community-access")
        #expect(!created.evaluation.canActivate)
        #expect(try f.service.plans(status: .draft).map(\.id) == ["SP-000003"])

        // Ada's active plan: review it, mark everything reviewed, activate the review.
        let review = try f.service.startReview("SP-000001")
        #expect(review.plan.id == "SP-000004")
        #expect(review.plan.previousPlanID == "SP-000001")
        #expect(throws: ServiceError.refused("Plan SP-000001 already has a review draft; finish or discard it first")) {
            try f.service.startReview("SP-000001")
        }
        try f.reviewEverything("SP-000004")
        #expect(try f.service.evaluate("SP-000004").canActivate)
        let activated = try f.service.activate("SP-000004")
        #expect(activated.expiredPlan == "SP-000001")
        #expect(activated.plan.status == .active)
        let ada = try f.service.client("C-0001")
        #expect(ada.client.latestPlanID == "SP-000004")
        #expect(ada.plans.first { $0.id == "SP-000001" }?.status == .expired)
        #expect(ada.plans.first { $0.id == "SP-000001" }?.expiryDate == "2026-11-28")
        let diff = try f.service.diff("SP-000004", other: nil)
        #expect(diff.from == "SP-000001" && diff.to == "SP-000004")
        #expect(diff.changes.contains { $0.item == "goals" && $0.values?["progress_notes"] != nil })
        let actions = try f.service.history("SP-000004").map(\.action)
        #expect(actions.first == "start_review")
        #expect(actions.contains("activate"))
    }

    @Test func activatingAnIncompleteDraftIsRefusedAndChangesNothing() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        #expect(throws: ServiceError.refused(["22 items are not done"])) { try f.service.activate("SP-000002") }
        #expect(try f.dump() == before)
    }

    @Test func refusedItemOperationsChangeNothing() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        #expect(throws: ServiceError.refused("Item 'allied_health' is already not required")) {
            try f.service.notRequired(plan: "SP-000002", item: "allied_health", reason: nil)
        }
        #expect(throws: ServiceError.refused("Plan SP-000001 is active; only a draft can be changed (start a review to change it)")) {
            try f.service.setValues(plan: "SP-000001", item: "preferred_name", [try Assignment.parse("pronouns=They/them")])
        }
        #expect(throws: ServiceError.self) {
            try f.service.createRecord(plan: "SP-000002", item: "emergency_contacts",
                                       [try Assignment.parse("name=Linh Tran"), try Assignment.parse("relationship=Friend"),
                                        try Assignment.parse("phone=12")])
        }
        #expect(try f.dump() == before)
    }

    @Test(arguments: [
        ("SP-000002", "nope", "Template 'ndis-core' has no item 'nope'"),
        ("SP-000002", "community_activities#9", "Plan SP-000002 has no instance 'community_activities#9' of item 'community_activities'"),
        ("SP-000002", "#", "'#' is not an item (KEY or KEY#N, N from 1 to 1000)"),
    ])
    func unknownItemsAndInstancesAreBadInput(plan: String, item: String, message: String) throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        #expect(throws: ServiceError.badInput(message)) { try f.service.complete(plan: plan, item: item) }
        #expect(try f.dump() == before)
    }

    @Test func anUnknownPlanIsNotFoundWithoutAnyCommandWords() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        let before = try f.dump()
        #expect(throws: ServiceError(.notFound, ["No plan with id 'SP-000009'"], topic: .plan, subject: "SP-000009")) {
            try f.service.complete(plan: "SP-000009", item: "preferred_name")
        }
        #expect(try f.dump() == before)
    }

    @Test func linkingARecordThatDoesNotExistIsNotFoundButAnotherClientsRecordIsRefused() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        #expect(throws: ServiceError(.notFound, ["No record with id 'CC-99999'"], topic: .record, subject: "CC-99999")) {
            try f.service.link(plan: "SP-000002", item: "emergency_contacts", records: ["CC-99999"])
        }
        #expect(throws: ServiceError.refused("Record CC-00003 is not a record of client C-0001")) {
            try f.service.link(plan: "SP-000002", item: "emergency_contacts", records: ["CC-00003"])
        }
    }
}
