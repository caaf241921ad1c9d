import PlanModel

/// The `default` targets an engine found last and what each gave, kept for the next evaluation: most evaluations ask
/// for the defaults of the same refs of a plan laid out as the last one (the same plan again, or another plan of
/// the same template), so they find the same targets, and an evaluation whose every target answers as it did (no
/// default, or the very values its position's memo gave then) is the same table of defaults.
///
/// Nothing is reused on a likeness: the targets only for the same refs asked for, over instances of the same keys
/// and numbers in the same order, each with the same hooks (what a target's position and hooks are found from);
/// the table only when, besides, every answer is one of those two and no ref is a target twice.
struct LastDefaults {
    /// What one target gave in the evaluation that last ran it.
    enum Answer: Equatable {
        /// Not run since its targets were found.
        case unknown
        /// No default: nil, or a rule error.
        case none
        /// The values its memo held at `generation` (`DefaultMemo.generation`), given again or as they were made.
        case memo(generation: Int)
        /// Any other default.
        case made

        /// True when this answer, given after `earlier`, is a default equal to the one given then, by construction:
        /// nothing again, or the very values of a memo that has not changed since. Never after `unknown`.
        func repeats(_ earlier: Answer) -> Bool {
            switch (self, earlier) {
            case (.none, .none): return true
            case (.memo(let now), .memo(let then)): return now == then
            default: return false
            }
        }
    }

    /// The refs asked for; nil when the whole plan was.
    private(set) var refs: [InstanceRef]?
    /// The plan's instances and each one's hooks: what the targets' positions and hooks were found from.
    private(set) var instances: [ItemInstance] = []
    private(set) var layout: [ItemHooks?] = []
    private(set) var targets: [LuaRules.DefaultTarget] = []
    /// Whether no ref is a target twice, so that `defaults[ref]` is what that one target gave; found when first asked.
    private var unique: Bool?
    /// What each target gave the last time it ran (as many as `targets`; unknown until they first run).
    var answers: [Answer] = []
    /// The defaults of the evaluation that gave `answers`.
    var defaults: [InstanceRef: ItemDefault] = [:]
    /// How many times targets were found afresh, and how many evaluations were given `defaults` again (for tests).
    private(set) var built = 0
    var tablesReused = 0

    /// The targets found last, when they were found for these `refs` over instances of these keys and numbers, in
    /// order, and this layout.
    func targets(for refs: [InstanceRef]?, instances: [ItemInstance], layout: [ItemHooks?]) -> [LuaRules.DefaultTarget]? {
        guard built > 0, refs == self.refs, Self.same(layout, self.layout) else { return nil }
        return instances.withUnsafeBufferPointer { given in
            self.instances.withUnsafeBufferPointer { kept in
                guard given.count == kept.count else { return nil }
                if given.baseAddress == kept.baseAddress { return targets }   // the very instances
                for index in given.indices {
                    guard given[index].instance == kept[index].instance, given[index].key == kept[index].key else { return nil }
                }
                return targets
            }
        }
    }

    /// Keeps `targets`, found for `refs` over `instances` and `layout`; every target's answer is unknown.
    mutating func keep(_ targets: [LuaRules.DefaultTarget], for refs: [InstanceRef]?, instances: [ItemInstance], layout: [ItemHooks?]) {
        self.refs = refs
        self.instances = instances
        self.layout = layout
        self.targets = targets
        unique = nil
        answers = Array(repeating: .unknown, count: targets.count)
        defaults = [:]
        built += 1
    }

    /// True when `targets` are the ones kept here (the very array), so that `answers` are theirs.
    func holds(_ targets: [LuaRules.DefaultTarget]) -> Bool {
        targets.count == self.targets.count && targets.withUnsafeBufferPointer { given in
            self.targets.withUnsafeBufferPointer { kept in given.baseAddress == kept.baseAddress }
        }
    }

    /// True when the kept targets have all answered once and no ref is a target twice: then, while this evaluation's
    /// answers repeat, `defaults` holds each earlier target's default under its ref.
    mutating func canRepeat() -> Bool {
        guard let first = answers.first, first != .unknown else { return false }
        if let unique { return unique }
        let found = Set(targets.lazy.map(\.ref)).count == targets.count
        unique = found
        return found
    }

    /// The same hooks at every position: the very array (as `LuaRules.layout(of:)` hands back for a plan laid out
    /// as the last), or one holding the same objects.
    private static func same(_ a: [ItemHooks?], _ b: [ItemHooks?]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                if a.baseAddress == b.baseAddress { return true }
                for index in a.indices where a[index] !== b[index] { return false }
                return true
            }
        }
    }
}
