import Dispatch

/// Where the store's async work runs: a serial dispatch queue of its own, not Swift's cooperative pool.
///
/// `PlanStore` is synchronous, so a store call blocks its calling thread until the PostgreSQL client has
/// done its async work. If that work ran on the cooperative pool and every pool thread were a caller
/// blocked in a store call (an HTTP server's handlers, say), nothing could run it: a deadlock. Running the
/// client's tasks on this executor means a blocked caller only ever waits for threads it is not using.
final class BridgeExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
