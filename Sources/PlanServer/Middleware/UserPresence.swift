import Synchronization
import PlanService

/// Whether the store has users, asked per request but cheaply: once users have been seen the answer
/// is kept (an installation rarely goes back to single-user), while a store without users is asked
/// again on every request, so the first `user add` takes effect at once on a running server.
///
/// Only "has users" is remembered, never "has none": a stale "none" would let anyone act as the local
/// administrator. A stale "has users" only asks for credentials; the authenticator asks again then.
final class UserPresence: Sendable {
    private let seen = Mutex(false)

    /// Whether the store has users; asks the store unless they were seen before (or `recheck`).
    func hasUsers(_ runner: ServiceRunner, recheck: Bool = false) async throws -> Bool {
        if !recheck, seen.withLock({ $0 }) { return true }
        let has = try await runner.perform { try $0.hasUsers() }
        seen.withLock { $0 = has }
        return has
    }
}
