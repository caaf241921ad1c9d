import Foundation
import Synchronization

/// Failed sign-ins counted per user name and address: after `attempts` failures within `window`, that
/// pair is refused until the oldest failure leaves the window. Counted in this process's memory, so
/// a restart forgets the count and each server on a shared database counts on its own.
final class SignInLimiter: Sendable {
    let attempts: Int
    let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    init(attempts: Int, window: TimeInterval) { self.attempts = attempts; self.window = window }

    static func key(name: String, address: String) -> String { "\(name)\u{0}\(address)" }

    /// When `key` may try again, or nil when it may now.
    func blockedUntil(_ key: String, now: Date) -> Date? {
        failures.withLock { all in
            let recent = (all[key] ?? []).filter { now.timeIntervalSince($0) < window }
            all[key] = recent.isEmpty ? nil : recent
            guard recent.count >= attempts else { return nil }
            return recent[recent.count - attempts].addingTimeInterval(window)
        }
    }

    func recordFailure(_ key: String, now: Date) {
        failures.withLock { all in
            // Bounded memory: many keys trigger a sweep of failures that left the window.
            if all.count > 10_000 { all = all.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            all[key, default: []].append(now)
        }
    }

    func clear(_ key: String) { failures.withLock { _ = $0.removeValue(forKey: key) } }
}
