import Testing
import PlanModel
@testable import PlanStore

/// `forEachPlan` visits plans in batches, in storage order, in every store.
@Suite struct ConformanceStreamingTests {
    private func store(_ kind: StoreKind, plans count: Int) throws -> (StoreUnderTest, [SupportPlan]) {
        let db = try kind.make()
        try db.seed(clients: (1...count).map { "C-\($0)" })
        let statuses: [SupportPlan.Status] = [.draft, .active, .expired, .discarded, .draft]
        // Stored out of id order: streaming follows the order plans were stored in.
        let plans = (1...count).reversed().map {
            samplePlan(String(format: "SP-%06d", $0), client: "C-\($0)", status: statuses[$0 % 5], items: 2)
        }
        try db.store.write { tx in for plan in plans { try tx.insert(plan) } }
        return (db, plans)
    }

    @Test(arguments: StoreKind.underTest, [1, 7, 100, 1000])
    func streamingVisitsEveryDraftAndActivePlanOnceInStorageOrder(kind: StoreKind, batchSize: Int) throws {
        let (db, plans) = try store(kind, plans: 250)
        var visited: [SupportPlan] = []
        try db.store.forEachPlan(statuses: [.draft, .active], batchSize: batchSize) { visited.append($0) }
        #expect(visited == plans.filter { $0.status == .draft || $0.status == .active })
    }

    @Test(arguments: StoreKind.underTest)
    func streamingWithNoStatusesVisitsNothing(kind: StoreKind) throws {
        let (db, _) = try store(kind, plans: 5)
        var count = 0
        try db.store.forEachPlan(statuses: [], batchSize: 10) { _ in count += 1 }
        #expect(count == 0)
    }

    @Test(arguments: StoreKind.underTest)
    func theBodyMayWriteWhileStreaming(kind: StoreKind) throws {
        let (db, _) = try store(kind, plans: 30)
        var seen = Set<String>()
        try db.store.forEachPlan(statuses: [.draft], batchSize: 4) { plan in
            #expect(seen.insert(plan.id).inserted)
            var discarded = plan
            discarded.status = .discarded
            _ = try db.store.write { try $0.update(discarded, expectedRevision: plan.revision) }
        }
        #expect(seen.count == 12)
        #expect(try db.store.read { try $0.plans(clientID: nil, status: .draft) } == [])
    }

    @Test(arguments: StoreKind.underTest)
    func plansStoredWhileStreamingAfterThePositionAreVisited(kind: StoreKind) throws {
        let (db, _) = try store(kind, plans: 10)
        var visited: [String] = []
        try db.store.forEachPlan(statuses: [.draft, .active], batchSize: 2) { plan in
            visited.append(plan.id)
            if visited.count == 1 { try db.store.write { try $0.insert(samplePlan("SP-000500", client: "C-1")) } }
        }
        #expect(visited.last == "SP-000500")
        #expect(Set(visited).count == visited.count)
    }

    @Test(arguments: StoreKind.underTest)
    func theDefaultStreamIsDraftsAndActivePlans(kind: StoreKind) throws {
        let (db, plans) = try store(kind, plans: 12)
        var ids: [String] = []
        try db.store.forEachPlan { ids.append($0.id) }
        #expect(ids == plans.filter { $0.status == .draft || $0.status == .active }.map(\.id))
    }
}
