// Protected metatables and read-only value proxies: an empty table whose metatable reads a hidden
// data table, refuses writes and answers `getmetatable` with a tag.
#include "Internal.h"
#include <lua5.4/lauxlib.h>

static char MARK_KEY;     // in a proxy's metatable: one of CLG_MARK_*

int clg_mark_of(lua_State *L, int index) {
    if (!lua_getmetatable(L, index)) return 0;
    int mark = lua_rawgetp(L, -1, &MARK_KEY) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 2);
    return mark;
}

static const char *key_text(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER)
        return lua_pushfstring(L, "'%s'", lua_tostring(L, index));
    return lua_pushfstring(L, "of type %s", luaL_typename(L, index));
}

int clg_readonly_newindex(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    const char *k = key_text(L, 3);
    return luaL_error(L, "attempt to modify read-only table (key %s)", k);
}

void clg_set_protection(lua_State *L, int mark) {
    // metatable at the top
    lua_pushcfunction(L, clg_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushinteger(L, mark);
    lua_rawsetp(L, -2, &MARK_KEY);
}

static int raw_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

void clg_push_readonly_data(lua_State *L, int proxy) {
    lua_getmetatable(L, proxy);
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

static int readonly_len(lua_State *L) {
    clg_push_readonly_data(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int readonly_pairs(lua_State *L) {
    lua_pushcfunction(L, raw_next);
    clg_push_readonly_data(L, 1);
    lua_pushnil(L);
    return 3;
}

void clg_make_readonly(lua_State *L) {
    luaL_checkstack(L, 4, NULL);
    lua_createtable(L, 0, 0);            // [data, proxy]
    lua_createtable(L, 0, 6);            // [data, proxy, mt]
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    clg_set_protection(L, CLG_MARK_READONLY);
    lua_setmetatable(L, -2);             // [data, proxy]
    lua_remove(L, -2);
}
