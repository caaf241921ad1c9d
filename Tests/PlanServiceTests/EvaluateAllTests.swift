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

    /// Whichever worker evaluates a plan, the summary lists what the plans found in plan order: the same
    /// samples on one thread as on three, in batches of two.
    @Test func ruleErrorSamplesComeInPlanOrderWhateverTheThreads() throws {
        let f = try ServiceFixture(copyRules: true)
        try f.runDemo()
        try RulesEdits.replace("    local id = ctx.item.values.my_aged_care_id\n",
                               with: "    local id = ctx.item.values.my_aged_care_id\n    error(\"identity check unavailable\")\n",
                               in: "home-care/rules.lua", of: f.rulesFolder)
        try f.reopen()
        #expect(try f.service.publish(["home-care"]).map(\.version) == [2])
        var ids: [String] = []
        for client in ["C-0001", "C-0002", "C-0003", "C-0001", "C-0002"] {
            ids.append(try f.service.createPlan(client: client, template: "home-care").plan.id)
        }
        let one = try f.service.evaluateAll(threads: 1, batchSize: 2)
        #expect(one.plans == 7 && one.plansWithRuleErrors == 5)
        #expect(one.errorSamples == ids.map {
            "\($0): rule 'complete' of item 'client_identity' (Rules/home-care/rules.lua:33) failed: identity check unavailable"
        })
        for threads in [2, 3] {
            let many = try f.service.evaluateAll(threads: threads, batchSize: 2)
            #expect(many.plansWithRuleErrors == 5 && many.readyToActivate == one.readyToActivate)
            #expect(many.errorSamples == one.errorSamples)
        }
    }
}
