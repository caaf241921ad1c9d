import CLua
import CLuaGuard

/// Writes the entries of a `LuaTableSource`'s table, which is at the top of the Lua stack while it is
/// written; nested tables and host values are pushed as `LuaRuntime.push` pushes them.
public struct LuaTableWriter {
    // A writer lives within one push of its evaluation, so neither can go away under it.
    unowned(unsafe) let runtime: LuaRuntime
    /// The evaluation this table is written in (for a source that refreshes the tables it holds itself).
    public unowned(unsafe) let evaluation: LuaEvaluation
    let L: OpaquePointer
    /// False once a value could not be pushed (the Lua stack could not grow); later writes are skipped.
    var succeeded = true
    var count: lua_Integer = 0
    /// A nonzero number naming exactly what this write sets, for `holds(tag:)` when a later evaluation rewrites the
    /// same recycled table (0, the default: nothing is known of it).
    public var tag = 0
    /// The tag a recycled table of a source that writes every key was last written whole with, and the runtime's
    /// `recycleGeneration` then; zeros for any other table.
    var kept: (tag: Int, generation: Int) = (0, 0)
    /// True when this table is the one kept under its recycle key (rewritten in place, or made and kept), for a
    /// source to note while it writes: a table holding it is left as it was only while it is the same table.
    public internal(set) var isKept = false
    /// Set by `leaveAsItWas`.
    private(set) var leftAsItWas = false

    init(runtime: LuaRuntime, evaluation: LuaEvaluation) {
        self.runtime = runtime
        self.evaluation = evaluation
        self.L = runtime.L
    }

    /// True when this is a recycled table last written whole with `tag`, and no table has been kept anew under
    /// any recycle key since: then, when `tag` names values and recycled tables only, the table already holds
    /// exactly what the source would write (each recycled table it holds is the one it was, rewritten in place
    /// when its own source is pushed: each source learns that from its own writer's `isKept`). Ask after
    /// `refresh`ing the tables it holds, which may make one anew.
    public func holds(tag: Int) -> Bool {
        tag != 0 && kept.tag == tag && kept.generation == runtime.recycleGeneration
    }

    /// Leaves the table as it was (after `holds(tag:)` said it holds what this write would set), under `tag`.
    public mutating func leaveAsItWas(tag: Int) {
        self.tag = tag
        leftAsItWas = true
    }

    /// A tag no other write of this runtime has been given: for a source that cannot name what it writes with
    /// numbers and instead keeps what it wrote beside the tag, so that a later `holds(tag:)` says the table is
    /// still exactly that write (no other write has been given the same tag, nor kept a table anew since).
    public func uniqueTag() -> Int {
        runtime.uniqueTags &+= 1
        if runtime.uniqueTags <= 0 { runtime.uniqueTags = 1 }
        // Negative, so that no tag a source builds from its data's numbers (which are positive) can be one.
        return -runtime.uniqueTags
    }

    /// Removes every entry this table holds (a recycled one still holds the last write's): for a source that writes
    /// only some keys and finds the table does not hold what it would write.
    public mutating func removeAll() {
        guard succeeded else { return }
        clg_clear_table(L)
    }

    /// Builds `source`'s table in this evaluation if it is not built yet, without setting it anywhere: what a table
    /// left as it was does for the tables it holds, which this evaluation must rewrite before a script reads them.
    public mutating func refresh(_ source: LuaTableSource) {
        guard succeeded else { return }
        if !evaluation.refresh(source) { succeeded = false }
    }

    /// Sets `key` to `value` (nil leaves the key absent).
    public mutating func set(_ key: String, _ value: LuaHostValue) { put(key) { $0.push(value, in: $1) } }
    public mutating func set(_ key: String, _ value: LuaValue) { put(key) { runtime, _ in runtime.push(value) } }
    public mutating func set(_ key: String, string value: String) { put(key) { runtime, _ in runtime.pushString(value); return true } }
    public mutating func set(_ key: String, integer value: Int) { put(key) { runtime, _ in runtime.pushInteger(value) } }
    public mutating func set(_ key: String, number value: Double) { put(key) { runtime, _ in runtime.pushNumber(value) } }
    public mutating func set(_ key: String, boolean value: Bool) { put(key) { runtime, _ in runtime.pushBoolean(value) } }

    // The same, keyed by a name interned in the runtime (no hashing of the key text per write).
    public mutating func set(_ key: LuaName, _ value: LuaHostValue) { put(key) { $0.push(value, in: $1) } }
    public mutating func set(_ key: LuaName, string value: String) { put(key) { runtime, _ in runtime.pushString(value); return true } }
    public mutating func set(_ key: LuaName, integer value: Int) { put(key) { runtime, _ in runtime.pushInteger(value) } }
    /// Sets `key` to `function`, handed out in this evaluation (`LuaKeptFunction`).
    public mutating func set(_ key: LuaName, function: LuaKeptFunction) { put(key) { $0.push(function, in: $1); return true } }
    /// Sets `key` to the name's string (interned, like the key).
    public mutating func set(_ key: LuaName, name value: LuaName) { put(key) { runtime, _ in runtime.push(value); return true } }

    /// Sets `key` to a read-only table that `write` fills, made here with no source of its own: for a table
    /// only its parent hands out (an item's values), which is then built once with the parent and stays one
    /// table, like the parent. `shape`, when given, makes its misses strict as `LuaTableSource.luaKeyShape` does.
    /// `recycleKey` recycles it as `LuaTableSource.luaRecycleKey` does, and `writesEveryKey` as
    /// `LuaTableSource.luaWritesEveryKey` does (then `write` may leave the table as it was, or `removeAll` first).
    /// True when the table is the one kept under `recycleKey`, rewritten in place (the same table as in the
    /// evaluations before).
    @discardableResult
    public mutating func set(_ key: LuaName, tableOf size: (list: Int, fields: Int), shape: LuaKeyShape?, recycleKey: Int? = nil,
                             writesEveryKey: Bool = false, _ write: (inout LuaTableWriter) -> Void) -> Bool {
        guard succeeded else { return false }
        key.push(in: runtime)
        guard lua_checkstack(L, 8) != 0 else {
            fail()
            return false
        }
        let pushed = runtime.pushReadOnlyTable(size: size, shape: shape, recycleKey: recycleKey, writesEveryKey: writesEveryKey,
                                               in: evaluation, write)
        guard pushed != .failed else {
            fail()
            return false
        }
        lua_rawset(L, -3)
        return pushed == .recycled
    }

    /// Sets every entry of `source`'s table (built first if this evaluation has not built it yet) in this
    /// table, copied in C: for tables that share most of their entries (each instance's ctx shares `client`,
    /// `plan`, …), whose common part is then written once per evaluation. The values are the very same
    /// (a nested table is the same table, as `rawequal` shows).
    public mutating func copyEntries(of source: LuaTableSource) {
        guard succeeded else { return }
        guard runtime.push(.table(source), in: evaluation) else {
            succeeded = false
            return
        }
        clg_copy_readonly_entries(L, -2)
    }

    /// Appends `value` at the next list position.
    public mutating func append(_ value: LuaHostValue) {
        guard succeeded else { return }
        guard runtime.push(value, in: evaluation) else { return fail() }
        count += 1
        lua_rawseti(L, -2, count)
    }

    /// Pushes the key, then the value (false when it did not fit), and sets the entry.
    private mutating func put<Key: LuaTableKey>(_ key: Key, _ pushValue: (LuaRuntime, LuaEvaluation) -> Bool) {
        guard succeeded else { return }
        key.push(in: runtime)
        guard pushValue(runtime, evaluation) else { return fail() }
        lua_rawset(L, -3)
    }

    private mutating func fail() {
        lua_settop(L, -2)   // the key pushed before the value that did not fit
        succeeded = false
    }
}

/// What a writer's keys can be: text, or a name interned in the runtime.
protocol LuaTableKey {
    func push(in runtime: LuaRuntime)
}

extension String: LuaTableKey {
    func push(in runtime: LuaRuntime) { runtime.pushString(self) }
}

extension LuaName: LuaTableKey {
    func push(in runtime: LuaRuntime) { runtime.push(self) }
}

extension LuaRuntime {
    // Scalar pushes that always fit (the writer checked the stack), as `put`'s value pushers.
    func pushInteger(_ value: Int) -> Bool { lua_pushinteger(L, lua_Integer(value)); return true }
    func pushNumber(_ value: Double) -> Bool { lua_pushnumber(L, value); return true }
    func pushBoolean(_ value: Bool) -> Bool { lua_pushboolean(L, value ? 1 : 0); return true }
}
