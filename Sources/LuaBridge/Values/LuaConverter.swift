import CLua
import CLuaGuard

/// Reads Lua values into `LuaValue` raw (no `__index`, `__len` or `__pairs`), refusing what
/// cannot cross with an error that names the path, e.g. `result.fields[3].options`.
struct LuaConverter {
    enum Part {
        case field(String)
        case index(Int64)
    }

    // A converter lives within one call of its evaluation, so neither can go away under it.
    unowned(unsafe) let runtime: LuaRuntime
    unowned(unsafe) let evaluation: LuaEvaluation
    let root: String
    var parts: [Part] = []
    var ancestors: [UnsafeRawPointer] = []
    var objectAncestors: [lua_Integer] = []
    var entriesLeft: Int

    init(runtime: LuaRuntime, evaluation: LuaEvaluation, root: String) {
        self.runtime = runtime
        self.evaluation = evaluation
        self.root = root
        self.entriesLeft = runtime.limits.maxTableEntries
    }

    var L: OpaquePointer { runtime.L }

    var path: String {
        var text = root
        for part in parts {
            switch part {
            case .field(let name):
                if LuaConverter.isIdentifier(name) {
                    text += "." + name
                } else {
                    text += "[\"" + name + "\"]"
                }
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    func refuse(_ what: String) -> LuaError {
        LuaError(kind: .conversion, message: "\(path): cannot convert \(what)")
    }

    mutating func value(at index: Int32) throws(LuaError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            let number = lua_tonumberx(L, index, nil)
            if number.isNaN { throw refuse("NaN") }
            if number.isInfinite { throw refuse("an infinite number") }
            return .number(number)
        case LUA_TSTRING:
            guard let text = runtime.validString(at: index) else { throw refuse("a string that is not valid UTF-8") }
            return .string(text)
        case LUA_TTABLE: return try table(at: lua_absindex(L, index))
        case LUA_TFUNCTION: throw refuse(clg_is_hostfunction(L, index) != 0 ? "a host function" : "a function")
        case LUA_TTHREAD: throw refuse("a thread (coroutine)")
        default: throw refuse("a userdata value")
        }
    }

    mutating func table(at index: Int32) throws(LuaError) -> LuaValue {
        guard lua_checkstack(L, 6) != 0 else { throw refuse("a table nested too deeply for the stack") }
        var object: lua_Integer = 0
        switch clg_proxy_kind(L, index, &object) {
        case 1:
            // A read-only copy of host data: read the data table behind it.
            let data = lua_gettop(L)
            let result = try table(at: data)
            lua_settop(L, data - 1)
            return result
        case 2:
            guard let host = evaluation.object(object) else { throw refuse("a host object of another evaluation") }
            return try hostObject(host, id: object, proxy: index)
        default: break
        }
        if ancestors.count + objectAncestors.count >= runtime.limits.maxDepth {
            throw refuse("a table nested deeper than \(runtime.limits.maxDepth)")
        }
        guard let pointer = lua_topointer(L, index) else { throw refuse("a table") }
        if ancestors.contains(pointer) { throw refuse("a cyclic table (it contains itself)") }
        ancestors.append(pointer)
        defer { ancestors.removeLast() }

        var fields: [String: LuaValue] = [:]
        var positions: [(Int64, LuaValue)] = []
        lua_pushnil(L)
        while lua_next(L, index) != 0 {  // [.., key, value]
            entriesLeft -= 1
            if entriesLeft < 0 { throw refuse("a table with more than \(runtime.limits.maxTableEntries) entries") }
            switch lua_type(L, -2) {
            case LUA_TSTRING:
                guard let key = runtime.validString(at: -2) else { throw refuse("a table with a key that is not valid UTF-8") }
                parts.append(.field(key))
                fields[key] = try value(at: -1)
                parts.removeLast()
            case LUA_TNUMBER where lua_isinteger(L, -2) != 0:
                let key = lua_tointegerx(L, -2, nil)
                parts.append(.index(key))
                positions.append((key, try value(at: -1)))
                parts.removeLast()
            default:
                let typeName = String(cString: lua_typename(L, lua_type(L, -2)))
                throw refuse("a table with a key of type \(typeName)")
            }
            clua_pop(L, 1)
            if !fields.isEmpty && !positions.isEmpty { throw refuse("a table mixing string keys and list positions") }
        }
        if positions.isEmpty { return .map(fields) }
        var items = [LuaValue](repeating: .nil, count: positions.count)
        for (key, item) in positions {
            guard key >= 1, key <= Int64(items.count) else { throw refuse("a table whose integer keys are not 1...n") }
            items[Int(key - 1)] = item
        }
        return .list(items)
    }

    /// Reads a whole host object (it was handed to Lua and comes back, e.g. as an argument), key by
    /// key through its proxy at `proxy`, so keys a script already read are not asked again.
    mutating func hostObject(_ object: LuaHostObject, id: lua_Integer, proxy: Int32) throws(LuaError) -> LuaValue {
        if ancestors.count + objectAncestors.count >= runtime.limits.maxDepth {
            throw refuse("a table nested deeper than \(runtime.limits.maxDepth)")
        }
        if objectAncestors.contains(id) { throw refuse("a cyclic host object") }
        objectAncestors.append(id)
        defer { objectAncestors.removeLast() }
        var fields: [String: LuaValue] = [:]
        var items: [LuaValue] = []
        for key in object.luaKeys() {
            entriesLeft -= 1
            if entriesLeft < 0 { throw refuse("a table with more than \(runtime.limits.maxTableEntries) entries") }
            guard lua_checkstack(L, 8) != 0 else { throw refuse("a table nested too deeply for the stack") }
            let part: Part
            switch key {
            case .string(let name):
                part = .field(name)
                runtime.pushString(name)
            case .index(let index):
                part = .index(Int64(index))
                lua_pushinteger(L, lua_Integer(index))
            }
            parts.append(part)
            let top = lua_gettop(L)   // the value (or the host's message) replaces the key
            guard clg_object_get(L, proxy) == guardOK else {
                let message = runtime.string(at: top) ?? "error"
                lua_settop(L, top - 1)
                throw LuaError(kind: .conversion, message: "\(path): \(message)")
            }
            let item: LuaValue
            do {
                item = try value(at: top)
            } catch {
                lua_settop(L, top - 1)
                throw error
            }
            lua_settop(L, top - 1)
            parts.removeLast()
            switch key {
            case .string(let name): fields[name] = item
            case .index: items.append(item)
            }
        }
        if !fields.isEmpty && !items.isEmpty { throw refuse("a host object mixing fields and positions") }
        return items.isEmpty ? .map(fields) : .list(items)
    }
}
