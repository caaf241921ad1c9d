import CLua
import CLuaGuard
import Synchronization

/// The table a chunk built in one evaluation, kept so later evaluations of the same runtime need not run
/// the chunk again, for as long as none of them changes anything it reaches.
///
/// Made by `LuaEvaluation.runKeeping(_:)`. Each evaluation that uses it (`LuaEvaluation.use(_:)`) gets the
/// kept functions bound to its own environment and `require` cache; when the evaluation ends, every kept
/// table and upvalue is compared with its snapshot (CLuaGuard/Prepared.c), and the first difference lets
/// the kept table go for good: later evaluations run the chunk afresh, so no evaluation ever starts from
/// state another one left.
public final class LuaPreparedTable {
    private static let serials = Atomic<Int>(0)
    /// Tells this kept table from any other in the process, for the hook slots `LuaPath`s remember.
    let serial = LuaPreparedTable.serials.wrappingAdd(1, ordering: .relaxed).newValue
    /// The snapshot's list of hook functions found once (`hookSlot(_:refs:in:)`), as a registry reference.
    var hooksRef: Int32 = LUA_NOREF
    /// Why the chunk's table is not kept (any more), as a sentence; nil while it is kept.
    public private(set) var refusal: String?
    /// Evaluations that used the kept table.
    public internal(set) var uses = 0
    var ref: Int32
    /// Bytes the snapshot holds, added to the state's cap so scripts keep the memory they had.
    var reservedBytes = 0
    /// Set while an evaluation using the table has handed its root to scripts (`LuaEvaluation.define(global:table:)`):
    /// then its end compares every kept table, not only those a script reaches from the kept functions and modules.
    var exposed = false
    let owner: LuaRuntimeToken

    init(ref: Int32, owner: LuaRuntimeToken, refusal: String?) {
        self.ref = ref
        self.owner = owner
        self.refusal = refusal
    }

    /// True while later evaluations can use the kept table.
    public var isKept: Bool { refusal == nil }

    /// How many tables are kept, and how many of them a script can reach: only those are compared after each
    /// evaluation (Prepared.c says why the others cannot differ). Zeros once the table is no longer kept.
    public func tableCounts(in runtime: LuaRuntime) -> (kept: Int, compared: Int) {
        guard refusal == nil else { return (0, 0) }
        let L = runtime.L
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
        var kept: lua_Integer = 0, compared: lua_Integer = 0
        clg_prepared_counts(L, -1, &kept, &compared)
        return (Int(kept), Int(compared))
    }

    /// Lets the kept table go (after an evaluation changed what it reaches).
    func release(in runtime: LuaRuntime, because reason: String) {
        guard refusal == nil else { return }
        refusal = reason
        luaL_unref(runtime.L, clua_registryindex(), ref)
        ref = LUA_NOREF
        luaL_unref(runtime.L, clua_registryindex(), hooksRef)
        hooksRef = LUA_NOREF
        clg_collect(runtime.L)
        runtime.guardState.pointee.cap -= min(reservedBytes, runtime.guardState.pointee.cap)
        reservedBytes = 0
    }

    /// `hookSlot(_:refs:in:)` when `path` already remembers its answer for this table and it is a slot: read in every
    /// hook call, so inlined into it, without the retains a call with the runtime costs. Nil when `hookSlot` must answer.
    @inline(__always)
    func knownHookSlot(_ path: LuaPath) -> Int32? {
        path.keptSerial == serial && path.keptSlot > 0 && refusal == nil && !exposed ? path.keptSlot : nil
    }

    /// Where in the hook list (`hooksRef`) the function at `path` is, when it can be pushed from there instead of
    /// walking the path: while the table is kept and not handed to scripts in this evaluation, and when every table
    /// on the path is one no script can reach (Prepared.c), so nothing can put another function there. Found once
    /// per path and remembered in it (a miss too); nil when the path must be walked.
    func hookSlot(_ path: LuaPath, refs: UnsafePointer<Int32>, in runtime: LuaRuntime) -> Int32? {
        guard refusal == nil, !exposed else { return nil }
        if path.keptSerial == serial { return path.keptSlot > 0 ? path.keptSlot : nil }
        let L = runtime.L
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
        let slot = clg_prepared_find_hook(L, -1, refs, Int32(path.steps.count))
        if slot > 0, hooksRef == LUA_NOREF { hooksRef = clg_prepared_hooks_ref(L, -1) }
        path.keptSerial = serial
        path.keptSlot = slot
        return slot > 0 ? slot : nil
    }

    /// Compares what the table reaches with its snapshot at the end of an evaluation that used it.
    func verify(in runtime: LuaRuntime) {
        guard refusal == nil else { return }
        let L = runtime.L
        let top = lua_gettop(L)
        lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
        let unchanged = clg_prepared_unchanged(L, -1, exposed ? 1 : 0) != 0
        exposed = false
        lua_settop(L, top)
        if !unchanged {
            release(in: runtime, because: "an evaluation changed a table or upvalue the chunk's table reaches")
        }
    }
}
