import CLua

/// A string the host pushes again and again (a table key, a step of a hook's path), interned once in the
/// runtime that first pushes it and kept alive there: every later push is one registry read instead of
/// hashing the text again — and allocating it again each time Lua has collected it between evaluations.
///
/// A name belongs to the first runtime that pushes it; pushed by another, it is plain text again. Keep
/// names beside the runtime they serve (one set per engine), not shared across threads.
public final class LuaName {
    public let text: String
    /// The runtime holding the interned string, and its registry reference there. The token is held so its
    /// identity stays unique while the name keeps it; pushes compare `ownerID` alone, which costs no reference
    /// counting (a plan's tables push a dozen names per instance).
    var owner: LuaRuntimeToken?
    var ownerID: ObjectIdentifier?
    var ref: Int32 = 0

    public init(_ text: String) { self.text = text }
}

extension LuaRuntime {
    /// Pushes the name's string, interning it in this runtime the first time.
    func push(_ name: LuaName) {
        if let ownerID = name.ownerID {
            if ownerID == tokenID, lua_rawgeti(L, clua_registryindex(), lua_Integer(name.ref)) == LUA_TSTRING { return }
            if ownerID == tokenID { clua_pop(L, 1) }
            pushString(name.text)
            return
        }
        pushString(name.text)
        lua_pushvalue(L, -1)
        name.ref = luaL_ref(L, clua_registryindex())
        name.owner = token
        name.ownerID = tokenID
    }
}
