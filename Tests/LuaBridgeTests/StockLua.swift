import CLua

/// A plain, unsandboxed Lua 5.4 state with the standard libraries, as the `lua5.4` interpreter
/// opens them: the reference the sandbox's string functions are compared against.
final class StockLua {
    private let L: OpaquePointer

    init() {
        L = luaL_newstate()
        luaL_openlibs(L)
    }

    deinit {
        lua_close(L)
    }

    /// Runs `source` (a chunk returning `{ f = function() ... end }`, as the sandbox tests write
    /// them), calls `f` with no arguments and returns its first result as text.
    func callF(_ source: String, chunkName: String) throws -> String {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var text = source
        let loaded = text.withUTF8 { buffer in
            luaL_loadbufferx(L, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buffer.count, chunkName, "t")
        }
        guard loaded == LUA_OK else { throw StockLuaError(message: message()) }
        guard lua_pcallk(L, 0, 1, 0, 0, nil) == LUA_OK else { throw StockLuaError(message: message()) }
        _ = lua_getfield(L, -1, "f")
        guard lua_pcallk(L, 0, 1, 0, 0, nil) == LUA_OK else { throw StockLuaError(message: message()) }
        return message()
    }

    private func message() -> String {
        var length = 0
        guard let bytes = lua_tolstring(L, -1, &length) else { return "(\(String(cString: lua_typename(L, lua_type(L, -1)))))" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}

struct StockLuaError: Error, CustomStringConvertible {
    let message: String
    var description: String { "stock Lua: \(message)" }
}
