// Host-object proxies: empty tables with one shared protected metatable whose __index asks the
// host (once per key per evaluation), host functions, and the strings the host keeps by address.
#include "Internal.h"
#include <lua5.4/lauxlib.h>

static char OBJECT_MT_KEY; // registry: the one protected metatable every host-object proxy shares
static char OBJECTS_KEY;  // registry, during an evaluation: [id] = proxy, [proxy] = id, [-id] = answers
static char ANCHOR_KEY;   // registry: strings the host keeps by address (never collected while kept)
// CLGGuard.tablesRef, during an evaluation: [id] = read-only proxy of a host table

void clg_begin_objects(lua_State *L) {
    lua_createtable(L, 16, 16);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY);
    lua_createtable(L, 64, 0);
    clg_set_slot(L, &clg_guard(L)->tablesRef);
}

void clg_end_objects(lua_State *L) {
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY);
    lua_pushboolean(L, 0);
    clg_set_slot(L, &clg_guard(L)->tablesRef);
}

// Host tables are built once per evaluation: the proxy made the first time is kept by id, out of
// every script's reach, and handed out again for every later push of the same table.
int clg_push_table(lua_State *L, lua_Integer id) {
    if (clg_push_slot(L, clg_guard(L)->tablesRef) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_rawgeti(L, -1, id) == LUA_TNIL) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    return 1;
}

void clg_keep_table(lua_State *L, lua_Integer id) {
    if (clg_push_slot(L, clg_guard(L)->tablesRef) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, id);
    lua_pop(L, 1);
}

// A host-object proxy is an empty table with the shared metatable; its object id lives in the
// evaluation's objects table (keyed by the proxy), which no script can reach, so neither
// getmetatable, rawget nor next on the proxy reveals it.
static lua_Integer object_of(lua_State *L, int proxy) {
    proxy = lua_absindex(L, proxy);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    lua_pushvalue(L, proxy);
    lua_rawget(L, -2);
    lua_Integer id = lua_tointeger(L, -1);
    lua_pop(L, 2);
    return id;
}

// The key at `key` as the proxy caches it: strings, and numbers with an integer value (as
// integers). Returns 0 for any other key (never cached; the host answers nil without being asked).
static int cache_key(lua_State *L, int key) {
    int kt = lua_type(L, key);
    if (kt == LUA_TSTRING) return 1;
    if (kt == LUA_TNUMBER) {
        int isInteger = 0;
        lua_Integer k = lua_tointegerx(L, key, &isInteger);
        if (!isInteger) return 0;
        if (!lua_isinteger(L, key)) {
            lua_pushinteger(L, k);
            lua_replace(L, key);
        }
        return 1;
    }
    return 0;
}

// Marks a cached nil answer in an object's answer table.
static char MISS_SENTINEL;

// The value of `key` (at the top, popped) of the proxy at `proxy`, asking the host at most once
// per key per evaluation. Answers are cached in the object's answer table (`objects[-id]`: a value,
// or the miss sentinel for nil), never in the proxy: a key present in the proxy would be writable,
// since `__newindex` only guards absent keys. Runs with the host's headroom; never raises: returns
// CLG_ERROR with the message pushed instead of the value.
static int object_get(lua_State *L, int proxy) {
    CLGGuard *g = clg_guard(L);
    proxy = lua_absindex(L, proxy);
    int key = lua_gettop(L);
    if (!lua_checkstack(L, 12)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "stack overflow");
        return CLG_ERROR;
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY) != LUA_TTABLE) {   // [key, objects]
        lua_settop(L, key - 1);
        lua_pushnil(L);
        return CLG_OK;
    }
    int objects = lua_gettop(L);
    lua_pushvalue(L, proxy);
    lua_Integer id = lua_rawget(L, objects) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (id <= 0) {
        lua_settop(L, key - 1);
        lua_pushnil(L);
        return CLG_OK;
    }
    int cacheable = cache_key(L, key);
    int answers = 0;
    if (cacheable) {
        if (lua_rawgeti(L, objects, -id) == LUA_TTABLE) {   // [key, objects, answers]
            answers = lua_gettop(L);
            lua_pushvalue(L, key);
            int t = lua_rawget(L, answers);                  // [key, objects, answers, cached]
            if (t != LUA_TNIL) {
                if (t == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == &MISS_SENTINEL) {
                    lua_pop(L, 1);
                    lua_pushnil(L);
                }
                lua_replace(L, key);
                lua_settop(L, key);
                return CLG_OK;
            }
            lua_pop(L, 1);
        } else {
            lua_pop(L, 1);
        }
    }
    // The host reads the key at the top and pushes its answer above it.
    lua_pushvalue(L, key);                               // [.., key]
    g->hostDepth++;
    int status = g->callbacks.index(g->callbacks.context, L, id);   // [.., key, value]
    if (status == CLG_OK && cacheable) {
        int value = lua_gettop(L);
        if (!answers) {
            lua_createtable(L, 0, 4);
            lua_pushvalue(L, -1);
            lua_rawseti(L, objects, -id);
            answers = lua_gettop(L);
        }
        lua_pushvalue(L, key);
        if (lua_isnil(L, value)) lua_pushlightuserdata(L, &MISS_SENTINEL); else lua_pushvalue(L, value);
        lua_rawset(L, answers);
        lua_settop(L, value);
    }
    g->hostDepth--;
    lua_replace(L, key);                                 // the value (or message) where the key was
    lua_settop(L, key);
    return status == CLG_OK ? CLG_OK : CLG_ERROR;
}

// Raises the host's message at the top, prefixed with the script position that asked the host.
static int raise_from_host(lua_State *L) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

static int object_index(lua_State *L) {
    lua_settop(L, 2);
    if (object_get(L, 1) != CLG_OK) return raise_from_host(L);
    return 1;
}

int clg_object_get(lua_State *L, int proxy) {
    return object_get(L, proxy);
}

static int object_len(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    lua_Integer id = object_of(L, 1);
    g->hostDepth++;
    lua_Integer n = id > 0 ? g->callbacks.length(g->callbacks.context, id) : 0;
    g->hostDepth--;
    lua_pushinteger(L, n);
    return 1;
}

static int object_pairs_step(lua_State *L) {
    lua_settop(L, 1);
    for (;;) {
        lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(2));
        if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL) return 1;   // [proxy, key]
        lua_pushvalue(L, 2);
        if (lua_gettable(L, 1) != LUA_TNIL) return 2;                        // [proxy, key, value]
        lua_settop(L, 1);
    }
}

static int object_pairs(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    lua_Integer id = object_of(L, 1);
    luaL_checkstack(L, 8, NULL);
    if (id <= 0) {
        lua_createtable(L, 0, 0);
    } else {
        g->hostDepth++;
        int status = g->callbacks.keys(g->callbacks.context, L, id);   // [proxy, keys]
        g->hostDepth--;
        if (status != CLG_OK) return lua_error(L);
    }
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, object_pairs_step, 2);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void clg_create_object_metatable(lua_State *L) {
    lua_createtable(L, 0, 7);
    lua_pushcfunction(L, object_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, object_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, object_pairs);
    lua_setfield(L, -2, "__pairs");
    clg_set_protection(L, CLG_MARK_OBJECT);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECT_MT_KEY);
}

void clg_push_object(lua_State *L, lua_Integer object) {
    luaL_checkstack(L, 6, NULL);
    int hasObjects = lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY) == LUA_TTABLE;   // [objects]
    if (hasObjects && lua_rawgeti(L, -1, object) == LUA_TTABLE) {                      // [objects, proxy]
        lua_remove(L, -2);
        return;
    }
    if (hasObjects) lua_pop(L, 1);
    lua_createtable(L, 0, 0);                                        // [objects, proxy]
    lua_rawgetp(L, LUA_REGISTRYINDEX, &OBJECT_MT_KEY);
    lua_setmetatable(L, -2);
    if (hasObjects) {
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, object);
        lua_pushvalue(L, -1);
        lua_pushinteger(L, object);
        lua_rawset(L, -4);
    }
    lua_remove(L, -2);
}

static int host_call(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    int nargs = lua_gettop(L);
    luaL_checkstack(L, 8, NULL);
    g->hostDepth++;
    int status = g->callbacks.call(g->callbacks.context, L, lua_tointeger(L, lua_upvalueindex(1)), nargs);
    g->hostDepth--;
    if (status != CLG_OK) return raise_from_host(L);
    return 1;
}

void clg_anchor_string(lua_State *L, int index, int reset) {
    index = lua_absindex(L, index);
    luaL_checkstack(L, 4, NULL);
    if (reset || lua_rawgetp(L, LUA_REGISTRYINDEX, &ANCHOR_KEY) != LUA_TTABLE) {
        if (!reset) lua_pop(L, 1);
        lua_createtable(L, 0, 64);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &ANCHOR_KEY);
    }
    lua_pushvalue(L, index);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

int clg_is_hostfunction(lua_State *L, int index) {
    return lua_type(L, index) == LUA_TFUNCTION && lua_tocfunction(L, index) == host_call;
}

void clg_push_hostfunction(lua_State *L, lua_Integer function) {
    lua_pushinteger(L, function);
    lua_pushcclosure(L, host_call, 1);
}

int clg_proxy_kind(lua_State *L, int index, lua_Integer *object) {
    index = lua_absindex(L, index);
    int mark = clg_mark_of(L, index);
    if (mark == CLG_MARK_READONLY) {
        clg_push_readonly_data(L, index);
        return 1;
    }
    if (mark == CLG_MARK_OBJECT) {
        *object = object_of(L, index);
        return 2;
    }
    return 0;
}
