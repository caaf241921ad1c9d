import Testing
import PlanModel
@testable import PlanStore

@Suite struct StreamingTests {
    private func store(plans count: Int) throws -> (StoreFixture, [SupportPlan]) {
        let fixture = try StoreFixture()
        try fixture.seed(clients: (1...count).map { "C-\($0)" })
        let statuses: [SupportPlan.Status] = [.draft, .active, .expired, .discarded, .draft]
        let plans = (1...count).map { samplePlan(String(format: "SP-%06d", $0), client: "C-\($0)", status: statuses[$0 % 5], items: 2) }
        try fixture.store.write { tx in for plan in plans { try tx.insert(plan) } }
        return (fixture, plans)
    }

    @Test(arguments: [1, 7, 100, 1000])
    func streamingVisitsEveryDraftAndActivePlanOnceInOrder(batchSize: Int) throws {
        let (fixture, plans) = try store(plans: 250)
        var visited: [SupportPlan] = []
        try fixture.store.forEachPlan(statuses: [.draft, .active], batchSize: batchSize) { visited.append($0) }
        #expect(visited == plans.filter { $0.status == .draft || $0.status == .active })
    }

    @Test func streamingWithNoStatusesVisitsNothing() throws {
        let (fixture, _) = try store(plans: 5)
        var count = 0
        try fixture.store.forEachPlan(statuses: [], batchSize: 10) { _ in count += 1 }
        #expect(count == 0)
    }

    @Test func theBodyMayWriteWhileStreaming() throws {
        let (fixture, _) = try store(plans: 30)
        var seen = Set<String>()
        try fixture.store.forEachPlan(statuses: [.draft], batchSize: 4) { plan in
            #expect(seen.insert(plan.id).inserted)
            var discarded = plan
            discarded.status = .discarded
            try fixture.store.write { try $0.update(discarded, expectedRevision: plan.revision) }
        }
        #expect(seen.count == 12)
        #expect(try fixture.store.read { try $0.plans(clientID: nil, status: .draft) } == [])
    }

    @Test func theDefaultStreamIsDraftsAndActivePlans() throws {
        let (fixture, plans) = try store(plans: 12)
        var ids: [String] = []
        try fixture.store.forEachPlan { ids.append($0.id) }
        #expect(ids == plans.filter { $0.status == .draft || $0.status == .active }.map(\.id))
    }
}
