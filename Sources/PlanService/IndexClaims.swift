import Foundation

/// The indices `0..<count` handed out one at a time to whichever thread asks next.
///
/// The batch evaluator's workers share the machine's cores with the thread reading the next batch, so
/// they do not get equal shares of it: with a fixed split of the plans one worker could finish its part
/// and wait at the end of the batch while the other still had plans left. Claiming plan by plan keeps
/// every worker busy until the batch has no plan left to start. A claim is one uncontended lock, against
/// the hundreds of microseconds a plan's evaluation takes.
final class IndexClaims: @unchecked Sendable {
    let count: Int
    /// Guards `next`; the `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var next = 0

    init(count: Int) {
        self.count = max(0, count)
    }

    /// The lowest index no thread has claimed yet, now this caller's; nil once all are claimed.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
