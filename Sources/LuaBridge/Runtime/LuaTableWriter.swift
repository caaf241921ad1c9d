import CLua
import CLuaGuard

/// Writes the entries of a `LuaTableSource`'s table, which is at the top of the Lua stack while it is
/// written; nested tables and host values are pushed as `LuaRuntime.push` pushes them.
public struct LuaTableWriter {
    // A writer lives within one push of its evaluation, so neither can go away under it.
    unowned(unsafe) let runtime: LuaRuntime
    unowned(unsafe) let evaluation: LuaEvaluation
    let L: OpaquePointer
    /// False once a value could not be pushed (the Lua stack could not grow); later writes are skipped.
    var succeeded = true
    var count: lua_Integer = 0

    init(runtime: LuaRuntime, evaluation: LuaEvaluation) {
        self.runtime = runtime
        self.evaluation = evaluation
        self.L = runtime.L
    }

    /// Sets `key` to `value` (nil leaves the key absent).
    public mutating func set(_ key: String, _ value: LuaHostValue) {
        guard succeeded else { return }
        runtime.pushString(key)
        guard runtime.push(value, in: evaluation) else { return fail() }
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: String, _ value: LuaValue) {
        guard succeeded else { return }
        runtime.pushString(key)
        guard runtime.push(value) else { return fail() }
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: String, string value: String) {
        guard succeeded else { return }
        runtime.pushString(key)
        runtime.pushString(value)
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: String, integer value: Int) {
        guard succeeded else { return }
        runtime.pushString(key)
        lua_pushinteger(L, lua_Integer(value))
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: String, number value: Double) {
        guard succeeded else { return }
        runtime.pushString(key)
        lua_pushnumber(L, value)
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: String, boolean value: Bool) {
        guard succeeded else { return }
        runtime.pushString(key)
        lua_pushboolean(L, value ? 1 : 0)
        lua_rawset(L, -3)
    }

    // The same, keyed by a name interned in the runtime (no hashing of the key text per write).

    public mutating func set(_ key: LuaName, _ value: LuaHostValue) {
        guard succeeded else { return }
        runtime.push(key)
        guard runtime.push(value, in: evaluation) else { return fail() }
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: LuaName, string value: String) {
        guard succeeded else { return }
        runtime.push(key)
        runtime.pushString(value)
        lua_rawset(L, -3)
    }

    public mutating func set(_ key: LuaName, integer value: Int) {
        guard succeeded else { return }
        runtime.push(key)
        lua_pushinteger(L, lua_Integer(value))
        lua_rawset(L, -3)
    }

    /// Appends `value` at the next list position.
    public mutating func append(_ value: LuaHostValue) {
        guard succeeded else { return }
        guard runtime.push(value, in: evaluation) else { return fail() }
        count += 1
        lua_rawseti(L, -2, count)
    }

    private mutating func fail() {
        lua_settop(L, -2)   // the key pushed before the value that did not fit
        succeeded = false
    }
}
