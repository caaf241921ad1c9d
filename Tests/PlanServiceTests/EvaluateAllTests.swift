import Foundation
import PlanModel
import PlanService
import PlanStore
import Testing

@Suite struct EvaluateAllTests {
    @Test func evaluateAllCountsDraftAndActivePlansAndThoseReadyToActivate() throws {
        let f = try ServiceFixture()
        try f.runDemo()
        var summary = try f.service.evaluateAll()
        #expect(summary.plans == 2)
        #expect(summary.readyToActivate == 0)
        #expect(summary.plansWithRuleErrors == 0)
        #expect(summary.errorSamples.isEmpty)

        try f.reviewEverything("SP-000002")
        _ = try f.service.createPlan(client: "C-0002", template: "home-care")
        _ = try f.service.createPlan(client: "C-0003", template: "community-access")
        let discarded = try f.service.createPlan(client: "C-0003", template: "ndis-core")
        _ = try f.service.discard(discarded.plan.id)
        summary = try f.service.evaluateAll()
        #expect(summary.plans == 4)
        #expect(summary.readyToActivate == 1)
    }

    @Test(arguments: [1, 2, 3])
    func theCountsDoNotDependOnThreadsOrBatchSize(threads: Int) throws {
        let f = try ServiceFixture()
        try f.runDemo()
        try f.reviewEverything("SP-000002")
        for client in ["C-0001", "C-0002", "C-0003"] {
            _ = try f.service.createPlan(client: client, template: "home-care")
        }
        var reported: [Int] = []
        let summary = try f.service.evaluateAll(threads: threads, batchSize: 2) { done, _ in reported.append(done) }
        #expect(summary.plans == 5)
        #expect(summary.readyToActivate == 1)
        #expect(reported.last == 5)
    }
}
