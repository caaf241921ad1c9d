import Foundation
import PlanModel
import PlanService
import Testing

/// A plan's dates never run backwards, whatever evaluation date a caller gives.
@Suite struct LifeDateTests {
    @Test func anActivationDatedBeforeThePlanItExpiresBeganIsRefusedAndChangesNothing() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        try f.reviewEverything("SP-000002")
        let before = try f.dump()
        let past = f.service.service.call(as: Caller(user: "admin", today: "2001-01-01", now: { "2026-11-28T09:00:00.000Z" }))
        #expect(throws: ServiceError.refused("Plan SP-000002 was created on 2026-11-28; it cannot be activated on 2001-01-01, before that")) {
            try past.activate("SP-000002")
        }
        #expect(try f.dump() == before)
    }

    @Test func anActivationBeforeThePreviousPlanBeganIsRefused() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        try f.reviewEverything("SP-000002")
        var plan = try #require(try f.service.plans(client: "C-0001").first { $0.id == "SP-000001" })
        #expect(plan.activationDate == "2026-11-28")
        // As if the active plan had been activated after its review draft was made.
        plan.activationDate = "2026-12-01"
        try f.store.write { tx in try tx.update(plan, expectedRevision: plan.revision) }
        let before = try f.dump()
        #expect(throws: ServiceError.refused("Plan SP-000001 was activated on 2026-12-01; activating SP-000002 on 2026-11-28 would expire it before it began")) {
            try f.service.activate("SP-000002")
        }
        #expect(try f.dump() == before)
    }
}
