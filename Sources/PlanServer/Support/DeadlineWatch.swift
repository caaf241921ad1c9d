import Synchronization

/// The request time limit's one clock: every part of a request that must end within the limit
/// registers here, and a single sleeping task fires whichever deadlines pass.
///
/// Why not a timer per request: `Task.sleep` cancelled early still leaves its sleep (a dispatch timer
/// and a small task) pending until the deadline it was given. At 30 s and two limited parts per request,
/// a server answering 3,000 requests a second held some 180,000 such timers, and its memory grew for
/// the first 30 s of any busy spell (heaptrack: every one of the run's timers was still allocated at its
/// end). Here a finished part only leaves a dictionary entry it removes itself, and at most one sleep is
/// pending, waiting for the earliest deadline.
final class DeadlineWatch: Sendable {
    /// A registered deadline, for `cancel(_:)`.
    struct Ticket: Sendable { fileprivate let id: UInt64 }

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var fire: @Sendable () -> Void
    }

    private struct State {
        var nextID: UInt64 = 0
        var pending: [UInt64: Entry] = [:]
        /// The sleeping task, which of the sleepers so far it is, and the instant it wakes at; nil when nothing is pending.
        var sleeper: (task: Task<Void, Never>, number: UInt64, wakes: ContinuousClock.Instant)?
        var sleepers: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The one watch of the process (a server has one time limit; tests' servers share it safely).
    static let shared = DeadlineWatch()

    /// Calls `fire` once `limit` has passed, unless `cancel` comes first. `fire` runs on the watch's
    /// task, outside its lock, so it must be quick (resume a continuation, cancel a task).
    func add(_ limit: Duration, fire: @escaping @Sendable () -> Void) -> Ticket {
        let deadline = ContinuousClock.now + limit
        return state.withLock { state in
            state.nextID &+= 1
            let id = state.nextID
            state.pending[id] = Entry(deadline: deadline, fire: fire)
            // Deadlines of one limit only come later and later; an earlier one (a shorter limit) wakes a new sleeper.
            if let sleeper = state.sleeper {
                guard deadline < sleeper.wakes else { return Ticket(id: id) }
                sleeper.task.cancel()
            }
            state.sleepers &+= 1
            state.sleeper = (startSleeper(state.sleepers, until: deadline), state.sleepers, deadline)
            return Ticket(id: id)
        }
    }

    /// Forgets a deadline whose work finished in time. The sleeper is left alone: it wakes at its
    /// instant, finds nothing due, and sleeps on to the next deadline or ends.
    func cancel(_ ticket: Ticket) {
        _ = state.withLock { $0.pending.removeValue(forKey: ticket.id) }
    }

    /// Deadlines registered and not yet fired or cancelled.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Sleeping tasks started so far: one per busy spell, plus one each time a shorter limit's deadline
    /// comes before the one slept for. For tests: not one per request.
    var sleepersStarted: UInt64 { state.withLock { $0.sleepers } }

    private func startSleeper(_ number: UInt64, until first: ContinuousClock.Instant) -> Task<Void, Never> {
        Task { [self] in
            var wake = first
            while true {
                try? await Task.sleep(until: wake, clock: .continuous)
                let (due, next) = takeDue(sleeper: number)
                for fire in due { fire() }
                guard let next else { return }
                wake = next
            }
        }
    }

    /// For the sleeper `number`: removes and returns what is due now, and the next instant to wake at;
    /// nil when nothing is left (then there is no sleeper) or when this sleeper was replaced by one for an
    /// earlier deadline (which takes over).
    private func takeDue(sleeper number: UInt64) -> (due: [@Sendable () -> Void], next: ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let sleeper = state.sleeper, sleeper.number == number else { return ([], nil) }
            let dueIDs = state.pending.compactMap { $0.value.deadline <= now ? $0.key : nil }
            let due = dueIDs.compactMap { state.pending.removeValue(forKey: $0)?.fire }
            let next = state.pending.values.map(\.deadline).min()
            state.sleeper = next.map { (sleeper.task, number, $0) }
            return (due, next)
        }
    }
}
