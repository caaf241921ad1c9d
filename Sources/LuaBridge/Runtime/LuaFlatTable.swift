import CLua
import CLuaGuard

/// A hook's table answer read in place on the Lua stack, entry by entry, for a caller that knows what it wants
/// from it (an item's default: field = value) and so needs no `LuaValue` tree in between.
///
/// Only a flat table is read: string keys, each with a boolean, an integer, a finite float or a UTF-8 string.
/// At anything else `next()` ends and `isFlat` turns false; `LuaEvaluation.callHook(_:path:_:reading:)` then
/// converts the answer as `call` does, so every refusal keeps its message.
public struct LuaFlatTable {
    unowned(unsafe) let runtime: LuaRuntime
    let L: OpaquePointer
    let index: Int32
    var entriesLeft: Int
    var started = false
    /// False once an entry was not flat (nothing the reader got may be trusted then).
    public private(set) var isFlat = true
    /// True once `next()` went past the last entry: only then has the reader seen the whole table.
    public private(set) var isFinished = false

    init(runtime: LuaRuntime, index: Int32) {
        self.runtime = runtime
        self.L = runtime.L
        self.index = index
        self.entriesLeft = runtime.limits.maxTableEntries
    }

    /// One entry: its key's UTF-8 bytes (valid until the next call to `next()`) and its value.
    /// A struct, not a tuple: an optional tuple was copied through the runtime's generic tuple witnesses.
    public struct Entry {
        public let key: UnsafeRawBufferPointer
        public let value: LuaValue
    }

    /// The next entry; nil after the last one and at the first entry that is not flat.
    public mutating func next() -> Entry? {
        guard isFlat else { return nil }
        if !started {
            started = true
            lua_pushnil(L)
        } else {
            clua_pop(L, 1)   // the previous value; its key stays for lua_next
        }
        guard lua_next(L, index) != 0 else {   // [.., key, value]
            isFinished = true
            return nil
        }
        entriesLeft -= 1
        guard entriesLeft >= 0, lua_type(L, -2) == LUA_TSTRING, let value = scalar(at: -1) else {
            isFlat = false
            return nil
        }
        var length = 0
        guard let key = lua_tolstring(L, -2, &length) else {
            isFlat = false
            return nil
        }
        return Entry(key: UnsafeRawBufferPointer(start: key, count: length), value: value)
    }

    /// The value at `index` when it is a scalar `LuaConverter` would accept as it is.
    private func scalar(at index: Int32) -> LuaValue? {
        switch lua_type(L, index) {
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            let number = lua_tonumberx(L, index, nil)
            return number.isFinite ? .number(number) : nil
        case LUA_TSTRING: return runtime.answerString(at: index).map { .string($0) }
        default: return nil
        }
    }
}

/// What `LuaEvaluation.callHook(_:path:_:reading:)` got: the reader's value, or the answer converted.
public enum LuaReadAnswer<Value> {
    case read(Value)
    case values([LuaValue])
}

extension LuaRuntime {
    /// `validString(at:)`, with plain ASCII (most answers and messages) made into a String directly: the generic
    /// `String(validating:as:)` behind it went through run-time type metadata for every value.
    func answerString(at index: Int32) -> String? {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        // ASCII is valid UTF-8 as it is: nothing to refuse, nothing the decoder would repair.
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return validString(at: index)
    }
}
