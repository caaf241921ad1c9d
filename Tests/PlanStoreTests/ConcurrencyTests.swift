import Foundation
import Testing
import PlanModel
@testable import PlanStore

/// Results gathered from several threads.
private final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

@Suite struct ConcurrencyTests {
    /// The service's activation: expire the client's active plan, activate the draft, note both in history.
    private static func activate(_ draftID: String, in store: SQLitePlanStore, by user: String) throws {
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

    @Test func concurrentActivationsOfOneClientLeaveExactlyOneActivePlan() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        let drafts = (1...8).map { String(format: "SP-%06d", $0) }
        try fixture.store.write { tx in for id in drafts { try tx.insert(samplePlan(id, items: 20)) } }
        let path = fixture.path
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: drafts.count) { i in
            do {
                // Each thread is its own connection pool, as a separate process would be.
                let store = try SQLitePlanStore(path: path)
                try Self.activate(drafts[i], in: store, by: "user\(i)")
            } catch {
                failures.append("\(drafts[i]): \(error)")
            }
        }
        #expect(failures.all == [])
        try fixture.store.read { (tx) throws in
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
        #expect(try fixture.store.integrityProblems() == [])
    }

    @Test func concurrentWritersOfOnePlanNeverLoseAnUpdate() throws {
        let fixture = try StoreFixture()
        try fixture.seed()
        try fixture.store.write { try $0.insert(samplePlan("SP-000001", items: 1)) }
        let path = fixture.path
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do {
                let store = try SQLitePlanStore(path: path)
                for _ in 0..<10 {
                    // Read and write in one transaction: IMMEDIATE makes the increments take turns.
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
        let plan = try fixture.store.read { try $0.requirePlan(id: "SP-000001") }
        #expect(plan.instances[0].values["n"] == .integer(1 + 60))
        #expect(plan.revision == 60)
    }

    @Test func severalConnectionsMayOpenAFreshFileAtOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fresh.sqlite").path
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do { _ = try SQLitePlanStore(path: path) } catch { failures.append("opener \(i): \(error)") }
        }
        #expect(failures.all == [])
        #expect(try SQLitePlanStore(path: path).appliedMigrations() == ["v1-initial", "v2-client-history", "v3-users"])
    }
}
