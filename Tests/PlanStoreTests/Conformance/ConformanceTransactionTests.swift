import Testing
import PlanModel
@testable import PlanStore

/// Every write is one transaction, and the rules the databases enforce hold in every store.
@Suite struct ConformanceTransactionTests {
    @Test(arguments: StoreKind.underTest)
    func anErrorThrownInsideWriteLeavesTheStoreUnchanged(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { tx in
            try tx.insert(samplePlan("SP-000001"))
            try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "create")])
        }
        let before = try db.snapshot()
        #expect(throws: Boom.self) {
            try db.store.write { tx in
                try tx.upsert(Client(id: "C-2", name: "New"))
                try tx.upsert(Client(id: "C-1", name: "Renamed", profile: ["x": .integer(1)]))
                try tx.upsert(ClientRecord(id: "CC-00040", type: "care_contact", clientID: "C-2"))
                _ = try tx.nextRecordID(for: kType)
                _ = try tx.nextPlanID()
                _ = try tx.publish(templateID: "ndis-core", manifest: "changed", rulesSource: nil, libraries: [:], now: "n")
                var plan = try tx.requirePlan(id: "SP-000001")
                plan.instances[0].status = .complete
                try tx.update(plan, expectedRevision: plan.revision)
                try tx.insert(samplePlan("SP-000002"))
                try tx.append([HistoryEvent(planID: "SP-000001", at: "t", user: "u", action: "complete")])
                try tx.append([ClientEvent(clientID: "C-1", at: "t", user: "u", action: "import", target: "name")])
                throw Boom()
            }
        }
        #expect(try db.snapshot() == before)
    }

    @Test(arguments: StoreKind.underTest)
    func aWriteSeesItsOwnChangesBeforeItCommits(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { (tx) throws in
            try tx.upsert(Client(id: "C-2", name: "Two"))
            try tx.insert(samplePlan("SP-000001", client: "C-2", status: .active))
            #expect(try tx.client(id: "C-2")?.name == "Two")
            #expect(try tx.activePlan(clientID: "C-2")?.id == "SP-000001")
            #expect(try tx.planCount(statuses: [.active]) == 1)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aRefusedOperationLeavesTheStoreUnchanged(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001", status: .active)) }
        let before = try db.snapshot()
        #expect(throws: StoreError.self) {
            try db.store.write { tx in
                try tx.upsert(Client(id: "C-1", name: "Renamed"))
                try tx.insert(samplePlan("SP-000002", status: .active))
            }
        }
        #expect(try db.snapshot() == before)
    }

    @Test(arguments: StoreKind.underTest)
    func aStaleRevisionIsRefused(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000003")) }
        let loaded = try db.store.read { try $0.requirePlan(id: "SP-000003") }
        var first = loaded
        first.instances[0].values["n"] = .text("first")
        #expect(try db.store.write { try $0.update(first, expectedRevision: loaded.revision) } == 1)
        var second = loaded
        second.instances[0].values["n"] = .text("second")
        #expect(throws: StoreError(.conflict, "Plan SP-000003 was changed by someone else (revision 1, expected 0); reload and try again")) {
            try db.store.write { try $0.update(second, expectedRevision: loaded.revision) }
        }
        let stored = try db.store.read { try $0.requirePlan(id: "SP-000003") }
        #expect(stored.revision == 1 && stored.instances[0].values["n"] == .text("first"))
    }

    @Test(arguments: StoreKind.underTest)
    func anUpdateReplacesTheInstancesAndCountsTheRevision(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001", items: 3)) }
        var plan = try db.store.read { try $0.requirePlan(id: "SP-000001") }
        plan.instances.remove(at: 1)
        plan.instances.append(ItemInstance(key: "item_1", instance: 2, status: .notRequired, notRequiredReason: "n/a"))
        plan.status = .discarded
        plan.expiryDate = "2025-05-01"
        let revision = try db.store.write { try $0.update(plan, expectedRevision: 0) }
        plan.revision = revision
        #expect(revision == 1)
        #expect(try db.store.read { try $0.plan(id: "SP-000001") } == plan)
    }

    @Test(arguments: StoreKind.underTest)
    func twoActivePlansOfOneClientAreRefused(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { tx in
            try tx.insert(samplePlan("SP-000001", status: .active))
            try tx.insert(samplePlan("SP-000002"))
        }
        #expect(throws: StoreError(.constraint, "Client 'C-1' already has an active plan (SP-000001); SP-000002 cannot be active too")) {
            try db.store.write { tx in
                var draft = try tx.requirePlan(id: "SP-000002")
                draft.status = .active
                try tx.update(draft, expectedRevision: draft.revision)
            }
        }
        #expect(throws: StoreError(.constraint, "Client 'C-1' already has an active plan (SP-000001); SP-000003 cannot be active too")) {
            try db.store.write { try $0.insert(samplePlan("SP-000003", status: .active)) }
        }
        // Expiring the old plan first, in the same transaction, is allowed.
        try db.store.write { tx in
            var old = try tx.requirePlan(id: "SP-000001")
            old.status = .expired
            try tx.update(old, expectedRevision: old.revision)
            var draft = try tx.requirePlan(id: "SP-000002")
            draft.status = .active
            try tx.update(draft, expectedRevision: draft.revision)
        }
        #expect(try db.store.read { try $0.activePlan(clientID: "C-1")?.id } == "SP-000002")
        // Updating the active plan itself is no second active plan.
        var active = try db.store.read { try $0.requirePlan(id: "SP-000002") }
        active.instances[0].status = .complete
        #expect(try db.store.write { try $0.update(active, expectedRevision: active.revision) } == 2)
    }

    @Test(arguments: StoreKind.underTest)
    func aPlanHasAtMostOneReviewDraft(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        var review = samplePlan("SP-000002")
        review.previousPlanID = "SP-000001"
        try db.store.write { tx in
            try tx.insert(samplePlan("SP-000001", status: .active))
            try tx.insert(review)
        }
        review.id = "SP-000003"
        #expect(throws: StoreError(.constraint, "Plan SP-000001 already has a review draft (SP-000002); SP-000003 cannot be one too")) {
            try db.store.write { try $0.insert(review) }
        }
        // Once the first draft is discarded, another may review the plan.
        try db.store.write { tx in
            var first = try tx.requirePlan(id: "SP-000002")
            first.status = .discarded
            try tx.update(first, expectedRevision: first.revision)
            try tx.insert(review)
        }
        #expect(try db.store.read { try $0.reviewDraft(of: "SP-000001")?.id } == "SP-000003")
    }

    @Test(arguments: StoreKind.underTest)
    func aPlanIDIsStoredOnceAndAnItemOncePerPlan(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001")) }
        #expect(throws: StoreError(.constraint, "A plan with id 'SP-000001' already exists")) {
            try db.store.write { try $0.insert(samplePlan("SP-000001")) }
        }
        var twice = samplePlan("SP-000002")
        twice.instances.append(twice.instances[0])
        #expect(throws: StoreError(.constraint, "Plan SP-000002 holds item 'item_1' twice")) {
            try db.store.write { try $0.insert(twice) }
        }
        var stored = try db.store.read { try $0.requirePlan(id: "SP-000001") }
        stored.instances.append(stored.instances[1])
        #expect(throws: StoreError(.constraint, "Plan SP-000001 holds item 'item_2' twice")) {
            try db.store.write { try $0.update(stored, expectedRevision: 0) }
        }
        #expect(try db.store.read { try $0.requirePlan(id: "SP-000001") } == samplePlan("SP-000001"))
    }

    @Test(arguments: StoreKind.underTest)
    func aReadSeesOneCommittedState(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001")) }
        let other = try db.connect()
        try db.store.read { (tx) throws in
            #expect(try tx.plans(clientID: nil, status: nil).map(\.id) == ["SP-000001"])
            // A write committed by another connection meanwhile is not seen by this read.
            try other.write { try $0.insert(samplePlan("SP-000002")) }
            #expect(try tx.plans(clientID: nil, status: nil).map(\.id) == ["SP-000001"])
            #expect(try tx.plan(id: "SP-000002") == nil)
        }
        #expect(try db.store.read { try $0.plans(clientID: nil, status: nil).map(\.id) } == ["SP-000001", "SP-000002"])
    }
}
