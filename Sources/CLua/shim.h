#ifndef SUPPORTPLAN_CLUA_SHIM_H
#define SUPPORTPLAN_CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>

// Lua's API is partly macros, which Swift cannot import; these inline shims expose them.

static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *clua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int clua_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline int clua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline void clua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline int clua_tointeger_ok(lua_State *L, int i, lua_Integer *out) {
    int isnum = 0;
    *out = lua_tointegerx(L, i, &isnum);
    return isnum;
}
static inline void clua_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void clua_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void clua_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline void *clua_getextraspace(lua_State *L) { return lua_getextraspace(L); }
static inline int clua_yield(lua_State *L, int n) { return lua_yield(L, n); }
static inline void clua_call(lua_State *L, int nargs, int nresults) { lua_call(L, nargs, nresults); }

#endif
