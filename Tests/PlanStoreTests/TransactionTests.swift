import Testing
import PlanModel
@testable import PlanStore

@Suite struct TransactionTests {
    @Test func anErrorThrownInsideWriteLeavesTheDatabaseUnchanged() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { tx in
            try tx.insert(samplePlan("SP-000001"))
            try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "create")])
        }
        let before = try fixture.store.contentDump()
        #expect(throws: Boom.self) {
            try fixture.store.write { tx in
                try tx.upsert(Client(id: "C-2", name: "New"))
                try tx.upsert(Client(id: "C-1", name: "Renamed", profile: ["x": .integer(1)]))
                _ = try tx.nextRecordID(for: RecordType(key: "k", label: "K", prefix: "K", display: [], fields: []))
                _ = try tx.nextPlanID()
                _ = try tx.publish(templateID: "ndis-core", manifest: "changed", rulesSource: nil, libraries: [:], now: "n")
                var plan = try tx.requirePlan(id: "SP-000001")
                plan.instances[0].status = .complete
                try tx.update(plan, expectedRevision: plan.revision)
                try tx.insert(samplePlan("SP-000002"))
                try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "complete")])
                throw Boom()
            }
        }
        #expect(try fixture.store.contentDump() == before)
    }

    @Test func aRefusedOperationLeavesTheDatabaseUnchanged() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000001", status: .active)) }
        let before = try fixture.store.contentDump()
        #expect(throws: StoreError.self) {
            try fixture.store.write { tx in
                try tx.upsert(Client(id: "C-1", name: "Renamed"))
                try tx.insert(samplePlan("SP-000002", status: .active))
            }
        }
        #expect(try fixture.store.contentDump() == before)
    }

    @Test func aStaleRevisionIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000003")) }
        let loaded = try fixture.store.read { try $0.requirePlan(id: "SP-000003") }
        var first = loaded
        first.instances[0].values["n"] = .text("first")
        #expect(try fixture.store.write { try $0.update(first, expectedRevision: loaded.revision) } == 1)
        var second = loaded
        second.instances[0].values["n"] = .text("second")
        #expect(throws: StoreError(.conflict, "Plan SP-000003 was changed by someone else (revision 1, expected 0); reload and try again")) {
            try fixture.store.write { try $0.update(second, expectedRevision: loaded.revision) }
        }
        let stored = try fixture.store.read { try $0.requirePlan(id: "SP-000003") }
        #expect(stored.revision == 1 && stored.instances[0].values["n"] == .text("first"))
    }

    @Test func anUpdateReplacesTheInstancesAndCountsTheRevision() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000001", items: 3)) }
        var plan = try fixture.store.read { try $0.requirePlan(id: "SP-000001") }
        plan.instances.remove(at: 1)
        plan.instances.append(ItemInstance(key: "item_1", instance: 2, status: .notRequired, notRequiredReason: "n/a"))
        plan.status = .discarded
        let revision = try fixture.store.write { try $0.update(plan, expectedRevision: 0) }
        plan.revision = revision
        #expect(revision == 1)
        #expect(try fixture.store.read { try $0.plan(id: "SP-000001") } == plan)
    }

    @Test func twoActivePlansOfOneClientAreRefusedByTheDatabase() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { tx in
            try tx.insert(samplePlan("SP-000001", status: .active))
            try tx.insert(samplePlan("SP-000002"))
        }
        #expect(throws: StoreError(.constraint, "Client 'C-1' already has an active plan (SP-000001); SP-000002 cannot be active too")) {
            try fixture.store.write { tx in
                var draft = try tx.requirePlan(id: "SP-000002")
                draft.status = .active
                try tx.update(draft, expectedRevision: draft.revision)
            }
        }
        #expect(throws: StoreError(.constraint, "Client 'C-1' already has an active plan (SP-000001); SP-000003 cannot be active too")) {
            try fixture.store.write { try $0.insert(samplePlan("SP-000003", status: .active)) }
        }
        // Expiring the old plan first, in the same transaction, is allowed.
        try fixture.store.write { tx in
            var old = try tx.requirePlan(id: "SP-000001")
            old.status = .expired
            try tx.update(old, expectedRevision: old.revision)
            var draft = try tx.requirePlan(id: "SP-000002")
            draft.status = .active
            try tx.update(draft, expectedRevision: draft.revision)
        }
        #expect(try fixture.store.read { try $0.activePlan(clientID: "C-1")?.id } == "SP-000002")
    }

    @Test func anActivePlanHasAtMostOneReviewDraft() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        var review = samplePlan("SP-000002")
        review.previousPlanID = "SP-000001"
        try fixture.store.write { tx in
            try tx.insert(samplePlan("SP-000001", status: .active))
            try tx.insert(review)
        }
        review.id = "SP-000003"
        #expect(throws: StoreError(.constraint, "Plan SP-000001 already has a review draft (SP-000002); SP-000003 cannot be one too")) {
            try fixture.store.write { try $0.insert(review) }
        }
    }

    @Test func aPlanIDIsStoredOnce() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000001")) }
        #expect(throws: StoreError(.constraint, "A plan with id 'SP-000001' already exists")) {
            try fixture.store.write { try $0.insert(samplePlan("SP-000001")) }
        }
        var twice = samplePlan("SP-000002")
        twice.instances.append(twice.instances[0])
        #expect(throws: StoreError(.constraint, "Plan SP-000002 holds item 'item_1' twice")) {
            try fixture.store.write { try $0.insert(twice) }
        }
    }
}
