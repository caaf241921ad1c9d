import CLua
import CLuaGuard

// Lua's and the guard's status macros, typed as the C functions return them.
let luaOK = Int32(LUA_OK)
let luaErrorMemory = Int32(LUA_ERRMEM)
let luaErrorInHandler = Int32(LUA_ERRERR)
let guardOK = Int32(CLG_OK)
let guardError = Int32(CLG_ERROR)
let guardNotFound = Int32(CLG_NOT_FOUND)
