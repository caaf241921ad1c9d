import Synchronization

/// Answers `503 timeout` when part of a request (reading its body, running its operation) takes
/// longer than the server's limit, so neither a slow client nor a stuck operation holds a
/// connection forever.
///
/// The work is not cancelled: an operation running on a service thread finishes on its own (rules
/// have their own time limit) and its transaction commits or not as a whole; the plan's history
/// then shows whether it changed anything. That is why this is a race, not a structured child task:
/// the answer must not wait for the work it gave up on.
///
/// Deadlines are kept by one `DeadlineWatch`, not a timer per request (see there why).
enum TimeLimit {
    /// The result `start` hands to its `finish` callback, or `503 timeout` naming `what` once `limit` has
    /// passed, whichever comes first. `start` begins the work (submits it to a service thread) and returns;
    /// no task is made for it.
    static func run<T: Sendable>(_ limit: Duration, what: String, watch: DeadlineWatch = .shared,
                                 _ start: @escaping @Sendable (_ finish: @escaping @Sendable (Result<T, any Error>) -> Void) -> Void) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let race = Race(continuation)
            let ticket = watch.add(limit) {
                race.finish(.failure(APIError(kind: "timeout", status: .serviceUnavailable,
                                              reasons: ["\(what) took longer than the server's limit of \(limit); if it changed a plan, the plan's history shows it"])))
            }
            start { result in
                watch.cancel(ticket)
                race.finish(result)
            }
        }
    }

    /// Like `run`, for work that must be over before the answer goes out: reading the request body. The body's
    /// iterator is the connection's, which the server reads again after the handler answers; work left running
    /// would read it at the same time (NIO stops the process on that). So on time-out the work is cancelled and
    /// awaited (an async sequence from NIO ends at once when cancelled), then `timeout` is thrown.
    static func bounded<T: Sendable>(_ limit: Duration, watch: DeadlineWatch = .shared, timeout: @escaping @Sendable () -> APIError,
                                     _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let timedOut = Atomic(false)
        let ticket = watch.add(limit) {
            timedOut.store(true, ordering: .sequentiallyConsistent)
            task.cancel()
        }
        let result = await withTaskCancellationHandler { await task.result } onCancel: { task.cancel() }
        watch.cancel(ticket)
        if timedOut.load(ordering: .sequentiallyConsistent) { throw timeout() }
        return try result.get()
    }

    /// Resumes the continuation with whichever result comes first.
    private final class Race<T: Sendable>: Sendable {
        private let continuation: CheckedContinuation<T, any Error>
        private let resumed = Mutex(false)

        init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }

        func finish(_ result: Result<T, any Error>) {
            let first = resumed.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(with: result) }
        }
    }
}
