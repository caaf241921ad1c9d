#ifndef SUPPORTPLAN_CLUA_SHIM_H
#define SUPPORTPLAN_CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>

// Lua's API is partly macros, which Swift cannot import; these inline shims expose the ones the
// bridge uses.

static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void clua_remove(lua_State *L, int i) { lua_remove(L, i); }

#endif
