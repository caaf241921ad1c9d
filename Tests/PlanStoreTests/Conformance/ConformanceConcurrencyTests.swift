import Foundation
import Testing
import PlanModel
@testable import PlanStore

/// Results gathered from several threads.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Writers on several connections at once keep every rule, in every store.
@Suite struct ConformanceConcurrencyTests {
    /// The service's activation: expire the client's active plan, activate the draft, note both in history.
    static func activate(_ draftID: String, in store: any PlanStore, by user: String) throws {
        try store.write { tx in
            var draft = try tx.requirePlan(id: draftID)
            var events: [HistoryEvent] = []
            if var old = try tx.activePlan(clientID: draft.clientID) {
                let revision = old.revision
                old.status = .expired
                old.expiryDate = "2025-03-01"
                try tx.update(old, expectedRevision: revision)
                events.append(HistoryEvent(planID: old.id, at: "2025-03-01", user: user, action: "expire"))
            }
            let revision = draft.revision
            draft.status = .active
            draft.activationDate = "2025-03-01"
            try tx.update(draft, expectedRevision: revision)
            events.append(HistoryEvent(planID: draft.id, at: "2025-03-01", user: user, action: "activate"))
            var client = try tx.requireClient(id: draft.clientID)
            client.latestPlanID = draft.id
            try tx.upsert(client)
            try tx.append(events)
        }
    }

    /// Checks what concurrent activations of `drafts` must leave: one active plan, the rest expired, history to match.
    static func expectOneActivePlan(of drafts: [String], in store: any PlanStore) throws {
        try store.read { (tx) throws in
            let plans = try tx.plans(clientID: "C-1", status: nil)
            let active = plans.filter { $0.status == .active }
            #expect(active.count == 1)
            #expect(plans.filter { $0.status == .expired }.count == drafts.count - 1)
            #expect(try tx.requireClient(id: "C-1").latestPlanID == active.first?.id)
            let history = try drafts.flatMap { try tx.history(planID: $0) }
            #expect(history.filter { $0.action == "activate" }.count == drafts.count)
            #expect(history.filter { $0.action == "expire" }.count == drafts.count - 1)
            // The one plan never expired is the one still active.
            let expired = Set(history.filter { $0.action == "expire" }.map(\.planID))
            #expect(Set(drafts).subtracting(expired) == Set(active.map(\.id)))
            // Every plan was written once by its activation and once more when it expired.
            for plan in plans { #expect(plan.revision == (plan.status == .active ? 1 : 2)) }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentActivationsOfOneClientLeaveExactlyOneActivePlan(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        let drafts = (1...8).map { String(format: "SP-%06d", $0) }
        try db.store.write { tx in for id in drafts { try tx.insert(samplePlan(id, items: 20)) } }
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: drafts.count) { i in
            do {
                // Each thread has connections of its own, as a separate process would.
                try Self.activate(drafts[i], in: try db.connect(), by: "user\(i)")
            } catch {
                failures.append("\(drafts[i]): \(error)")
            }
        }
        #expect(failures.all == [])
        try Self.expectOneActivePlan(of: drafts, in: db.store)
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentWritersOfOnePlanNeverLoseAnUpdate(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001", items: 1)) }
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do {
                let store = try db.connect()
                for _ in 0..<10 {
                    // Read and write in one transaction: writers take turns, so no increment is lost.
                    try store.write { tx in
                        var plan = try tx.requirePlan(id: "SP-000001")
                        guard case .integer(let n)? = plan.instances[0].values["n"] else { throw Boom() }
                        plan.instances[0].values["n"] = .integer(n + 1)
                        try tx.update(plan, expectedRevision: plan.revision)
                    }
                }
            } catch {
                failures.append("writer \(i): \(error)")
            }
        }
        #expect(failures.all == [])
        let plan = try db.store.read { try $0.requirePlan(id: "SP-000001") }
        #expect(plan.instances[0].values["n"] == .integer(1 + 60))
        #expect(plan.revision == 60)
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentIDRequestsNeverHandOutANumberTwice(kind: StoreKind) throws {
        let db = try kind.make()
        let ids = Collected<String>()
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            do {
                let store = try db.connect()
                for _ in 0..<10 { ids.append(try store.write { try $0.nextRecordID(for: careContact) }) }
            } catch {
                failures.append("requester \(i): \(error)")
            }
        }
        #expect(failures.all == [])
        #expect(ids.all.sorted() == (1...40).map { String(format: "CC-%05d", $0) })
    }
}

/// Opening a store brings its schema up to date, once, however many open it at the same time.
@Suite struct ConformanceMigrationTests {
    @Test(arguments: StoreKind.underTest)
    func aFreshStoreIsEmptyAndAtTheCurrentSchema(kind: StoreKind) throws {
        let db = try kind.make()
        if let applied = try db.appliedMigrations() { #expect(applied == StoreKind.currentMigrations) }
        #expect(try db.snapshot() == StoreSnapshot(clients: [], records: [], templates: [], plans: [], history: [:],
                                                   nextIDs: ["SP-000001", "CC-00001", "MED-00001", "K-00001"]))
    }

    @Test(arguments: StoreKind.underTest)
    func reopeningAStoreKeepsItsContentAndSchema(kind: StoreKind) throws {
        let db = try kind.make()
        try db.seed()
        try db.store.write { try $0.insert(samplePlan("SP-000001")) }
        let reopened = try db.connect()
        if let applied = try db.appliedMigrations(of: reopened) { #expect(applied == StoreKind.currentMigrations) }
        #expect(try StoreSnapshot(of: reopened) == db.snapshot())
    }

    @Test(arguments: StoreKind.underTest)
    func severalOpenersOfAFreshStoreAtOnceAllSucceed(kind: StoreKind) throws {
        guard let fresh = try kind.freshLocation() else { return }
        defer { fresh.cleanup() }
        let failures = Collected<String>()
        let open = fresh.open
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do { _ = try open() } catch { failures.append("opener \(i): \(error)") }
        }
        #expect(failures.all == [])
        #expect(try fresh.migrations(try fresh.open()) == StoreKind.currentMigrations)
    }
}
