import Synchronization
import Testing
@testable import PlanServer

/// The request time limit: work past it is answered `503 timeout`, and work done in time leaves nothing
/// behind — one sleeping task waits for the earliest deadline, not a timer per request.
@Suite struct TimeLimitTests {
    /// `finish` callbacks kept to be called later, as a service thread finishing after the answer would.
    final class Held: Sendable {
        let callbacks = Mutex<[@Sendable (Result<Int, any Error>) -> Void]>([])
        func keep(_ finish: @escaping @Sendable (Result<Int, any Error>) -> Void) { callbacks.withLock { $0.append(finish) } }
        func finishAll() { for finish in callbacks.withLock({ $0 }) { finish(.success(0)) } }
    }

    final class Flag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    }

    @Test func workFinishedInTimeIsAnsweredAndLeavesNoDeadlinePendingAndOneSleeperForAllRequests() async throws {
        let watch = DeadlineWatch()
        var answers: [Int] = []
        for n in 0..<50 {
            answers.append(try await TimeLimit.run(.seconds(30), what: "The operation", watch: watch) { finish in finish(.success(n)) })
        }
        #expect(answers == Array(0..<50))
        #expect(watch.pendingCount == 0)
        #expect(watch.sleepersStarted == 1)
    }

    @Test func workPastTheLimitIsAnswered503TimeoutAndItsLateResultIsIgnored() async throws {
        let watch = DeadlineWatch(), held = Held()
        do {
            _ = try await TimeLimit.run(.milliseconds(10), what: "The operation", watch: watch) { finish in held.keep(finish) }
            Issue.record("work that never finished was answered")
        } catch let error as APIError {
            #expect(error.kind == "timeout")
            #expect(error.status == .serviceUnavailable)
            #expect(error.reasons == ["The operation took longer than the server's limit of 0.01 seconds; if it changed a plan, the plan's history shows it"])
        }
        held.finishAll()
        #expect(watch.pendingCount == 0)
    }

    @Test func aShorterLimitFiresBeforeALongerOneRegisteredEarlier() async throws {
        let watch = DeadlineWatch(), held = Held()
        let long = watch.add(.seconds(3600)) { Issue.record("the hour-long deadline fired") }
        await #expect(throws: APIError.self) {
            _ = try await TimeLimit.run(.milliseconds(10), what: "The operation", watch: watch) { finish in held.keep(finish) }
        }
        watch.cancel(long)
        held.finishAll()
        #expect(watch.pendingCount == 0)
        #expect(watch.sleepersStarted == 2)
    }

    @Test func aBodyReadPastTheLimitIsCancelledAndOverBeforeTheTimeoutIsThrown() async throws {
        let watch = DeadlineWatch()
        let (stream, source) = AsyncStream<Int>.makeStream()
        let ended = Flag()
        do {
            _ = try await TimeLimit.bounded(.milliseconds(10), watch: watch, timeout: { APIError(kind: "timeout", status: .serviceUnavailable, reasons: ["late"]) }) {
                // A body that never comes: only cancellation ends this loop.
                for await _ in stream {}
                ended.set()
                return 0
            }
            Issue.record("a body that never came was read")
        } catch let error as APIError {
            #expect(error.reasons == ["late"])
        }
        #expect(ended.isSet)
        #expect(watch.pendingCount == 0)
        source.finish()
    }

    @Test func aBodyReadInTimeIsReturnedAndLeavesNoDeadlinePending() async throws {
        let watch = DeadlineWatch()
        // An hour, not the server's 30 s: the work runs as a task, and on a machine busy with parallel test
        // suites a task has waited longer than 30 s to start (the limit then fired and the test failed).
        let value = try await TimeLimit.bounded(.seconds(3600), watch: watch, timeout: { APIError(kind: "timeout", status: .serviceUnavailable, reasons: []) }) { 7 }
        #expect(value == 7)
        #expect(watch.pendingCount == 0)
    }
}
