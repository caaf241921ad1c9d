import Foundation
import PlanModel

/// The plan store in this process's memory, with the guarantees of the database stores: every write is
/// one transaction (it changes a copy of the state, kept only when the body returns), writers take turns,
/// readers see one committed state, and the rules SQLite and PostgreSQL enforce with indexes (one active
/// plan per client, one review draft per plan, revision-checked updates, id series) are checked here.
///
/// For tests, demos and the location `memory:`; nothing survives the process.
public final class MemoryPlanStore: PlanStore, @unchecked Sendable {
    // `state` is read and replaced under `stateLock`; `writerLock` is held for a whole write transaction,
    // so writers run one after another while readers keep reading the last committed state.
    private let stateLock = NSLock()
    private let writerLock = NSLock()
    private var state = MemoryState()

    public init() {}

    private var committed: MemoryState {
        stateLock.lock(); defer { stateLock.unlock() }
        return state
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try body(MemoryTransaction(committed))
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        writerLock.lock(); defer { writerLock.unlock() }
        let transaction = MemoryTransaction(committed)
        let result = try body(transaction)
        stateLock.lock()
        state = transaction.state
        stateLock.unlock()
        return result
    }

    public func forEachPlan(statuses: [SupportPlan.Status], batchSize: Int, _ body: (SupportPlan) throws -> Void) throws {
        let batchSize = max(1, batchSize)
        let wanted = Set(statuses)
        var after = 0
        while true {
            // Each batch comes from the state committed when it starts, so the body may write between batches.
            let snapshot = committed
            var batch: [SupportPlan] = []
            var position = after
            while position < snapshot.planOrder.count, batch.count < batchSize {
                if let plan = snapshot.plans[snapshot.planOrder[position]], wanted.contains(plan.status) { batch.append(plan) }
                position += 1
            }
            for plan in batch { try body(plan) }
            guard batch.count == batchSize else { return }
            after = position
        }
    }
}
