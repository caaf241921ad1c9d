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

    /// One entry: its key's UTF-8 bytes and its value, both valid until the next call to `next()`.
    /// A struct, not a tuple: an optional tuple was copied through the runtime's generic tuple witnesses.
    public struct Entry {
        public let key: UnsafeRawBufferPointer
        /// The value as it is on the stack: a string stays its bytes (checked to be UTF-8), so a reader that only
        /// compares it (`isExactly(_:)`) makes no String of it.
        let scalar: Scalar

        /// The value, a String made of a string's bytes.
        public var value: LuaValue {
            switch scalar {
            case .boolean(let flag): return .boolean(flag)
            case .integer(let integer): return .integer(integer)
            case .number(let number): return .number(number)
            // Checked to be UTF-8 by `next()`: decoding repairs nothing.
            case .text(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
            }
        }

        /// True when the value is `other` in every way a caller can tell: a string by its bytes (Swift's `==` takes
        /// "é" for "e\u{301}"), a float by its bits (`==` takes 0.0 for -0.0), an integer never a float.
        public func isExactly(_ other: LuaValue) -> Bool {
            switch (scalar, other) {
            case (.boolean(let x), .boolean(let y)): return x == y
            case (.integer(let x), .integer(let y)): return x == y
            case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
            case (.text(let bytes), .string(let text)): return LuaFlatTable.isUTF8(of: text, bytes)
            default: return false
            }
        }
    }

    /// A flat value as it is on the stack.
    enum Scalar {
        case boolean(Bool)
        case integer(Int64)
        case number(Double)
        /// A string's bytes, UTF-8.
        case text(UnsafeRawBufferPointer)
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
        return Entry(key: UnsafeRawBufferPointer(start: key, count: length), scalar: value)
    }

    /// True when `bytes` are `text`'s UTF-8, byte for byte: a native String's bytes read in place and compared by index,
    /// any other kind through its UTF-8 view. (Compared through `elementsEqual`'s iterators, a value's few bytes took
    /// some 280 instructions.)
    @inlinable
    public static func isUTF8(of text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard text.utf8.count == count else { return false }
        return text.utf8.withContiguousStorageIfAvailable { own in
            for at in 0..<count where own[at] != bytes[at] { return false }
            return true
        } ?? text.utf8.elementsEqual(bytes)
    }

    /// The value at `index` when it is a scalar `LuaConverter` would accept as it is.
    private func scalar(at index: Int32) -> Scalar? {
        switch lua_type(L, index) {
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            let number = lua_tonumberx(L, index, nil)
            return number.isFinite ? .number(number) : nil
        case LUA_TSTRING:
            var length = 0
            guard let pointer = lua_tolstring(L, index, &length) else { return nil }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
            return LuaRuntime.isUTF8(bytes) ? .text(bytes) : nil
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
        // ASCII is valid UTF-8 as it is: nothing to refuse, nothing the decoder would repair.
        if Self.isASCII(UnsafeRawBufferPointer(bytes)) { return String(decoding: bytes, as: UTF8.self) }
        return validString(at: index)
    }

    /// True when every byte is below 0x80.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        return high < 0x80
    }

    /// True when `bytes` are UTF-8 that `validString(at:)` takes: ASCII at once, anything else as its decoder checks it.
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil
    }
}
