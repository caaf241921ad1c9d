import Foundation

/// Work on threads of their own, all at once: `concurrentPerform` runs only as many at once as there are cores,
/// and a race between servers needs more clients than that.
enum Parallel {
    /// Runs `body(0..<count)` each on its own thread and waits (at most 120 s) for all of them; rethrows the first error.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failures = Locked([String]())
        for worker in 0..<count {
            Thread {
                do { try body(worker) } catch { failures.withLock { $0.append("worker \(worker): \(error)") } }
                done.signal()
            }.start()
        }
        for _ in 0..<count {
            guard done.wait(timeout: .now() + 120) == .success else { throw ToolError("a worker did not finish within 120 s") }
        }
        if let first = failures.withLock({ $0.first }) { throw ToolError(first) }
    }
}
