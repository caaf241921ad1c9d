/// What a verdict says of single instances (hidden, incomplete with the hook's messages, a rule error), for a walk
/// over every instance of a plan.
///
/// Most instances are named by none of it, and a lookup hashes the ref's key: up to three per instance. A 64-bit
/// sketch of the named refs (each sets one bit, picked from its key's length and last two bytes and its instance
/// number) clears most of the others with no hashing; a ref whose bit is set is looked up for real, so the sketch
/// only ever saves work, never changes an answer.
struct InstanceVerdicts {
    /// What the verdict says of one instance. The rule error is an index into `errors`, so the common answer
    /// (nothing) is a few plain values to hand back, not an optional error of five strings.
    struct Said {
        var hidden = false
        /// The `complete` hook's messages when it returned false, else nil.
        var incomplete: [String]?
        /// Where the instance's first rule error is in `errors`.
        var error: Int?
    }

    let errors: [RuleError]
    private let hidden: Set<InstanceRef>
    private let incomplete: [InstanceRef: [String]]
    private let firstError: [InstanceRef: Int]
    private(set) var sketch: UInt64 = 0

    init(_ verdict: RulesVerdict) {
        var firstError: [InstanceRef: Int] = [:]
        for (index, error) in verdict.errors.enumerated() {
            if case .item(let ref) = error.scope, firstError[ref] == nil { firstError[ref] = index }
        }
        errors = verdict.errors
        hidden = verdict.hiddenItems
        incomplete = verdict.incomplete
        self.firstError = firstError
        for ref in hidden { sketch |= Self.bit(ref.key, ref.instance) }
        for ref in incomplete.keys { sketch |= Self.bit(ref.key, ref.instance) }
        for ref in firstError.keys { sketch |= Self.bit(ref.key, ref.instance) }
    }

    /// What the verdict says of the instance `key`#`instance`.
    @inline(__always)
    func of(_ key: String, _ instance: Int) -> Said {
        guard sketch & Self.bit(key, instance) != 0 else { return Said() }
        let ref = InstanceRef(key, instance)
        return Said(hidden: !hidden.isEmpty && hidden.contains(ref), incomplete: incomplete.isEmpty ? nil : incomplete[ref],
                    error: firstError.isEmpty ? nil : firstError[ref])
    }

    /// The ref's bit. Keys often share a prefix and differ at the end (`f001`, `f002`), hence the last bytes.
    /// A key whose bytes cannot be read in place gets every bit: it is always looked up, and always found.
    @inline(__always)
    static func bit(_ key: String, _ instance: Int) -> UInt64 {
        guard let mix = key.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            let n = bytes.count
            let last = n > 0 ? UInt64(bytes[n - 1]) : 0, before = n > 1 ? UInt64(bytes[n - 2]) : 0
            return UInt64(truncatingIfNeeded: n) &+ last &<< 8 &+ before &<< 16 &+ UInt64(truncatingIfNeeded: instance) &<< 24
        }) else { return ~0 }
        return 1 &<< ((mix &* 0x9E37_79B9_7F4A_7C15) &>> 58)
    }
}
