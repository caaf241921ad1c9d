import Synchronization

/// Answers `503 timeout` when part of a request (reading its body, running its operation) takes
/// longer than the server's limit, so neither a slow client nor a stuck operation holds a
/// connection forever.
///
/// The work is not cancelled: an operation running on a service thread finishes on its own (rules
/// have their own time limit) and its transaction commits or not as a whole; the plan's history
/// then shows whether it changed anything. That is why this is a race, not a structured child task:
/// the answer must not wait for the work it gave up on.
enum TimeLimit {
    static func run<T: Sendable>(_ limit: Duration, what: String,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let race = Race(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                race.finish(.failure(APIError(kind: "timeout", status: .serviceUnavailable,
                                              reasons: ["\(what) took longer than the server's limit of \(limit); if it changed a plan, the plan's history shows it"])))
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                race.finish(result)
            }
        }
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
