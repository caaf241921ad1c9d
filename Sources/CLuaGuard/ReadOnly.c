// Protected metatables and read-only value proxies: an empty table whose metatable reads a hidden
// data table, refuses writes and answers `getmetatable` with a tag.
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <stdlib.h>
#include <string.h>

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

// pairs() visits a read-only table in one fixed order — list positions 1..n, then the string keys by
// their bytes, then any other key — so a hook that builds text from pairs() gives the same text in
// every run (Lua's own order follows string hashes, which are seeded per state). The data table and
// the list of keys are upvalues of the iterator, never values a script receives: handing out the data
// table as the loop's state would let `select(2, pairs(proxy))` write it.
typedef struct { const char *text; size_t length; } KeyText;

static int compare_keys(const void *a, const void *b) {
    const KeyText *x = a, *y = b;
    size_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(x->text, y->text, n);
    if (c) return c;
    return x->length < y->length ? -1 : x->length > y->length;
}

// Upvalues: 1 the data table, 2 the keys in order, 3 the position reached.
static int ordered_next(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(1));
    return 2;
}

static int is_position(lua_State *L, int index, lua_Integer n) {
    if (!lua_isinteger(L, index)) return 0;
    lua_Integer k = lua_tointeger(L, index);
    return k >= 1 && k <= n;
}

static int readonly_pairs(lua_State *L) {
    luaL_checkstack(L, 10, NULL);
    clg_push_readonly_data(L, 1);                          // [proxy, data]
    int data = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, data);
    int strings = 0;
    lua_pushnil(L);
    while (lua_next(L, data)) {
        lua_pop(L, 1);
        if (!is_position(L, -1, n) && lua_type(L, -1) == LUA_TSTRING) strings++;
    }
    lua_createtable(L, (int)n + strings, 0);               // [proxy, data, keys]
    int keys = lua_gettop(L);
    lua_createtable(L, 0, 0);                              // [.., keys, others]
    int others = lua_gettop(L);
    KeyText *texts = lua_newuserdatauv(L, sizeof(KeyText) * (size_t)(strings ? strings : 1), 0);
    int found = 0;
    lua_Integer other = 0;
    lua_pushnil(L);
    while (lua_next(L, data)) {
        lua_pop(L, 1);
        if (is_position(L, -1, n)) continue;
        if (lua_type(L, -1) == LUA_TSTRING && found < strings) {
            texts[found].text = lua_tolstring(L, -1, &texts[found].length);   // kept alive by the data table
            found++;
        } else {
            lua_pushvalue(L, -1);
            lua_rawseti(L, others, ++other);
        }
    }
    clg_charge(L, n + found + other);
    qsort(texts, (size_t)found, sizeof(KeyText), compare_keys);
    lua_Integer position = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_pushinteger(L, i);
        lua_rawseti(L, keys, ++position);
    }
    for (int i = 0; i < found; i++) {
        lua_pushlstring(L, texts[i].text, texts[i].length);
        lua_rawseti(L, keys, ++position);
    }
    for (lua_Integer i = 1; i <= other; i++) {
        lua_rawgeti(L, others, i);
        lua_rawseti(L, keys, ++position);
    }
    lua_settop(L, keys);                                   // [proxy, data, keys]
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 3);
    lua_pushvalue(L, 1);
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
