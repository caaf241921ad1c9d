import Foundation
import PlanModel

/// Plan evaluations already computed, by their exact input: a plan read whose plan, client, records,
/// template version and date are all unchanged gets the evaluation of the last identical read instead
/// of running the plan's Lua rules again.
///
/// **Why this is safe.** An evaluation is a pure function of its input. The rules run in a sandbox
/// with no clock, no randomness and no I/O: `os`, `io`, `debug`, `load` and `math.random`/`randomseed`
/// are not installed (see CLuaGuard's `Install.c`), the date comes only from `ctx.today`/`sp` (the
/// caller's `today`, part of the key), and an engine keeps nothing of one evaluation for the next
/// (`LuaRules` re-runs the rules chunk in a fresh environment each time). So the key is the whole
/// input, compared in full on every hit: the stored version's content hash (manifest, rules, shared
/// libraries and the catalogs it was published with — all the engine is compiled from), the template
/// and record types as parsed, the plan with its revision and every instance, the client with its
/// profile, the client's records and `today`. A hit is therefore never stale, however the data
/// changed — a `client import`, a record edit, an item change, a review upgrade, another server on
/// the same PostgreSQL database — because the key is the data this read just loaded. What a rule can
/// observe that differs between runs (the order `pairs` walks a string-keyed table, the address in
/// `tostring` of a table) already differs between the pooled engines; a cached answer is one the
/// engines give.
///
/// Not cached: an evaluation in which a hook hit a limit (instructions, memory, wall clock, stack):
/// whether the wall clock runs out depends on the machine's load, and memory on what the engine
/// collected before, so such an answer is not a function of the input. Not served from here: what
/// needs the real run — the hooks' printed log (`evaluateWithLog`), `explain`'s trace of what each
/// hook read, rule coverage (fixtures run their own engines) — and `evaluateAll`, whose one pass over
/// every plan would only push out the plans being read.
///
/// Bounded: at most `capacity` evaluations; when full, the least recently used eighth goes. Safe to
/// use from many threads (one lock; evaluations run outside it, so two threads missing the same key
/// may both evaluate, and the answers are equal).
public final class EvaluationCache: @unchecked Sendable {
    /// Evaluations kept when the server or CLI is not told otherwise: a working set of a few hundred
    /// plans read again and again, at some tens of KiB each.
    public static let defaultCapacity = 512

    /// How many evaluations are kept at most; 0 keeps none.
    public let capacity: Int

    /// What the cache did: for tests (count evaluations, not time) and for operators.
    public struct Statistics: Sendable, Equatable {
        /// Reads answered from the cache.
        public var hits = 0
        /// Evaluations run because the input was not cached.
        public var evaluations = 0
        /// Of those, the ones not kept because a hook hit a limit.
        public var notKept = 0
        /// Evaluations held now.
        public var count = 0

        public init(hits: Int = 0, evaluations: Int = 0, notKept: Int = 0, count: Int = 0) {
            self.hits = hits; self.evaluations = evaluations; self.notKept = notKept; self.count = count
        }
    }

    /// Guards `entries`, `clock` and `counts`; the `@unchecked Sendable` rests on it.
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private var counts = Statistics()

    public init(capacity: Int = EvaluationCache.defaultCapacity) {
        self.capacity = max(0, capacity)
    }

    public var statistics: Statistics {
        lock.withLock {
            var s = counts
            s.count = entries.count
            return s
        }
    }

    /// The evaluation of `input` with the rules of the stored version whose content hash is `version`:
    /// from the cache when this exact input was evaluated before, else `evaluate()`'s, kept unless a hook hit a limit.
    public func evaluation(of input: RulesInput, version: String, _ evaluate: () -> PlanEvaluation) -> PlanEvaluation {
        entry(of: input, version: version, evaluate).evaluation
    }

    /// As `evaluation(of:version:_:)`, with the entry's JSON (encoded once per entry).
    func entry(of input: RulesInput, version: String, _ evaluate: () -> PlanEvaluation) -> EncodedEvaluation {
        let key = Key(version: version, input: input)
        let found: EncodedEvaluation? = lock.withLock {
            clock += 1
            // One lookup (one full comparison of the key) for the read and the touch.
            guard let index = entries.index(forKey: key) else { return nil }
            entries.values[index].lastUse = clock
            counts.hits += 1
            return entries.values[index].evaluation
        }
        if let found { return found }
        let evaluation = EncodedEvaluation(evaluate())
        let keep = capacity > 0 && !Self.hitALimit(evaluation.evaluation)
        lock.withLock {
            counts.evaluations += 1
            guard keep else { counts.notKept += 1; return }
            clock += 1
            if entries[key] == nil && entries.count >= capacity { evictOldest(max(1, capacity / 8)) }
            entries[key] = Entry(evaluation: evaluation, lastUse: clock)
        }
        return evaluation
    }

    /// Drops the `n` least recently used entries. Called with the lock held, once per `capacity / 8`
    /// insertions, so its sort is paid rarely.
    private func evictOldest(_ n: Int) {
        for (key, _) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(n) {
            entries[key] = nil
        }
    }

    /// Whether a hook of the evaluation stopped at a limit: the messages `LuaRuntime` gives a limit
    /// (`instruction limit of 1000000 exceeded`, `wall-clock limit of 2 s exceeded`, `memory limit of
    /// 64 MiB exceeded`, `stack limit exceeded (…)`, `limit exceeded`). A rule's own error worded so is
    /// also not kept, which costs only a re-evaluation.
    static func hitALimit(_ evaluation: PlanEvaluation) -> Bool {
        evaluation.errors.contains { $0.message.contains("limit") && $0.message.contains("exceeded") }
    }

    private struct Entry {
        var evaluation: EncodedEvaluation
        var lastUse: UInt64
    }

    /// The whole input of one evaluation. Equality compares all of it; the hash takes only the cheap,
    /// telling parts (which plan at which revision, for whom, when), which is enough to spread keys.
    struct Key: Hashable {
        var version: String
        var template: PlanTemplate
        var recordTypes: RecordTypeCatalog
        var plan: SupportPlan
        var client: Client
        var records: [ClientRecord]
        var today: String

        init(version: String, input: RulesInput) {
            self.version = version; template = input.template; recordTypes = input.recordTypes
            plan = input.plan; client = input.client; records = input.records; today = input.today
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(version); hasher.combine(plan.id); hasher.combine(plan.revision)
            hasher.combine(client.id); hasher.combine(records.count); hasher.combine(today)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.version == b.version && a.today == b.today && a.plan == b.plan && a.client == b.client
                && a.records == b.records && a.template == b.template && a.recordTypes == b.recordTypes
        }
    }
}
