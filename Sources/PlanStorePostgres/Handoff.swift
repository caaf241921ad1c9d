import Foundation

/// One value passed from an async task to a thread blocked waiting for it; the waiter may give up after a
/// timeout, and a value that arrives after that is refused so its giver can clean up.
final class Handoff<Value>: @unchecked Sendable {
    private enum State { case waiting, delivered(Result<Value, any Error>), abandoned }
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private var state = State.waiting

    /// Hands the result to the waiter; false when the waiter gave up, so the giver keeps the value.
    @discardableResult
    func give(_ result: Result<Value, any Error>) -> Bool {
        lock.lock()
        guard case .waiting = state else { lock.unlock(); return false }
        state = .delivered(result)
        lock.unlock()
        arrived.signal()
        return true
    }

    /// Blocks until the value arrives or `seconds` pass; nil on timeout, after which later values are
    /// refused unless `keepWaiting` (then the caller may take again).
    func take(within seconds: Double, keepWaiting: Bool = false) -> Result<Value, any Error>? {
        _ = arrived.wait(timeout: .now() + seconds)
        lock.lock(); defer { lock.unlock() }
        if case .delivered(let result) = state { return result }
        if !keepWaiting { state = .abandoned }
        return nil
    }
}

/// A signal an async task awaits and a thread fires once.
final class OneShot: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiter: CheckedContinuation<Void, Never>?

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if fired { lock.unlock(); continuation.resume(); return }
            waiter = continuation
            lock.unlock()
        }
    }

    func fire() {
        lock.lock()
        fired = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume()
    }
}
