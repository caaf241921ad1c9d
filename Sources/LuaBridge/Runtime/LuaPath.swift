import CLua
import CLuaGuard

/// A hook's path in a rules table (`items.f001.visible`), walked in one call into C: its steps are interned
/// in the runtime that first walks it, and each walk reads them by registry reference, raw, as Lua would
/// read `R.items.f001.visible` without metamethods. The path is walked afresh in every call, so a hook a
/// script put in place of another is the one called next, as it would be in a fresh rules table; only in a kept
/// rules table whose tables on the path no script can reach (so none can put another hook there) is the function
/// found once and pushed from the kept table's hook list (`LuaPreparedTable.hookSlot`).
///
/// Like `LuaName`, a path belongs to the first runtime that walks it; keep paths beside the runtime they serve.
public final class LuaPath {
    public let steps: [LuaName]
    /// The steps' registry references in `owner` (one per step), once every step is interned there. Kept out of
    /// Swift's arrays so a call reads them without retaining anything.
    private(set) var refs: UnsafeMutablePointer<Int32>?
    /// The runtime the steps are interned in; held so its identity, compared by `ownerID`, stays its own.
    private(set) var owner: LuaRuntimeToken?
    private(set) var ownerID: ObjectIdentifier?
    /// The kept table (`LuaPreparedTable.serial`) whose hook list `keptSlot` is a position in (0: none), and that
    /// position (0: the path must be walked in that table).
    var keptSerial = 0
    var keptSlot: Int32 = 0

    public init(_ steps: [LuaName]) { self.steps = steps }

    public convenience init(_ steps: [String]) { self.init(steps.map(LuaName.init)) }

    deinit { refs?.deallocate() }

    /// The steps as the path reads in messages: `items.f001.visible`.
    func text(_ count: Int) -> String { steps[..<count].map(\.text).joined(separator: ".") }

    fileprivate func intern(_ refs: [Int32], in owner: LuaRuntimeToken) {
        let storage = UnsafeMutablePointer<Int32>.allocate(capacity: max(refs.count, 1))
        storage.initialize(from: refs, count: refs.count)
        self.refs = storage
        self.owner = owner
        self.ownerID = ObjectIdentifier(owner)
    }
}

extension LuaRuntime {
    /// The registry references of `path`'s steps in this runtime (one per step, valid while `path` lives), interning
    /// them the first time; nil when a step belongs to another runtime (then the caller walks the path step by step).
    func refs(of path: LuaPath) -> UnsafePointer<Int32>? {
        if let refs = path.refs, path.ownerID == tokenID { return UnsafePointer(refs) }
        guard path.owner == nil else { return nil }
        var refs: [Int32] = []
        refs.reserveCapacity(path.steps.count)
        for step in path.steps {
            push(step)
            clua_pop(L, 1)
            guard step.owner === token else { return nil }
            refs.append(step.ref)
        }
        path.intern(refs, in: token)
        return UnsafePointer(path.refs)
    }
}
