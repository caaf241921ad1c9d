// The allow-listed environment: guarded base functions, protected library tables, print,
// require, and the per-evaluation table that keeps every evaluation's state apart.
#include "CLuaGuard.h"
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <string.h>

static char BASE_KEY;
static char EVAL_KEY;
static char MARK_KEY;     // in a proxy's metatable: 1 read-only value, 2 host object, 3 environment
static char OBJECT_MT_KEY; // registry: the one protected metatable every host-object proxy shares
static char OBJECTS_KEY;  // registry, during an evaluation: [id] = proxy, [proxy] = id, [-id] = answers
static char ANCHOR_KEY;   // registry: strings the host keeps by address (never collected while kept)
static char LOADING;      // require cache marker while a module runs

enum { MARK_READONLY = 1, MARK_OBJECT = 2, MARK_ENV = 3 };

static int original_upvalue(lua_State *L) { return lua_upvalueindex(1); }

// Calls the library function kept as upvalue 1 directly, on the same stack.
static int call_original(lua_State *L) {
    lua_CFunction f = lua_tocfunction(L, original_upvalue(L));
    return f(L);
}

static int mark_of(lua_State *L, int index) {
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

static int readonly_newindex(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    const char *k = key_text(L, 3);
    return luaL_error(L, "attempt to modify read-only table (key %s)", k);
}

static int global_newindex(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_type(L, 3) == LUA_TSTRING) return luaL_error(L, "assignment to global '%s' is not allowed", lua_tostring(L, 3));
    return luaL_error(L, "assignment to global is not allowed");
}

// rawset must not write through the protection of host tables, library tables or the environment.
static int guarded_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int mark = mark_of(L, 1);
    if (mark == MARK_ENV) return global_newindex(L);
    if (mark) return readonly_newindex(L);
    return call_original(L);
}

// A finalizer runs with hooks off, at any allocation and at lua_close: refuse them all.
static int guarded_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed");
    }
    lua_settop(L, 2);
    return call_original(L);
}

// xpcall's handler runs with hooks off when the error came from the limit hook: for a limit
// error the script's handler is skipped and the error goes on unchanged.
static int guarded_handler(lua_State *L) {
    if (clg_islimitsentinel(L, 1) || clg_guard(L)->tripped) {
        lua_settop(L, 1);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int finish_xpcall(lua_State *L, int status, lua_KContext ctx) {
    (void)status; (void)ctx;
    return lua_gettop(L);
}

static int guarded_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, finish_xpcall);
    return finish_xpcall(L, LUA_OK, 0);
}

static int guarded_cocreate(lua_State *L) {
    // A new thread's instruction count starts afresh: charge what it could run unseen.
    clg_charge(L, clg_guard(L)->granularity);
    return call_original(L);
}

// Nested coroutine.close chains overflow the C stack in 5.4.4: only the main thread may close.
static int guarded_coclose(lua_State *L) {
    if (L != clg_guard(L)->L) return luaL_error(L, "coroutine.close is only allowed outside coroutines");
    return call_original(L);
}

static int guarded_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t cap = clg_guard(L)->cap;
    if ((size_t)n > cap || (l + lsep) > cap / (size_t)n) return luaL_error(L, "resulting string too large");
    clg_charge(L, (int64_t)(((size_t)n * (l + lsep)) >> 12));
    return call_original(L);
}

// Like the table library: a table, or a value with a metatable (whose metamethods do the work).
static void check_tablelike(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TTABLE) return;
    if (lua_getmetatable(L, index)) lua_pop(L, 1);
    else luaL_checktype(L, index, LUA_TTABLE);
}

static lua_Integer checked_length(lua_State *L, int index) {
    check_tablelike(L, index);
    return luaL_len(L, index);
}

static void charge_span(lua_State *L, lua_Integer from, lua_Integer to) {
    if (to >= from) {
        lua_Unsigned n = (lua_Unsigned)to - (lua_Unsigned)from + 1u;
        clg_charge(L, n > (lua_Unsigned)(INT64_MAX / 4) ? INT64_MAX / 4 : (int64_t)n);
    }
}

// table.insert/remove/move/concat, written here so the length is read once and the element
// loop is charged before it starts (a __len returning maxinteger otherwise loops in C).
static int table_insert(lua_State *L) {
    lua_Integer e = checked_length(L, 1);
    e = (lua_Integer)((lua_Unsigned)e + 1u);
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2: pos = e; break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        charge_span(L, pos + 1, e);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int table_remove(lua_State *L) {
    lua_Integer size = checked_length(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size) luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    charge_span(L, pos, size);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

static int table_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    check_tablelike(L, 1);
    check_tablelike(L, tt);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n, 4, "destination wrap around");
        charge_span(L, f, e);
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i <= n; i++) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n; i >= 0; i--) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

static int table_concat(lua_State *L) {
    size_t lsep;
    const char *sep = luaL_optlstring(L, 2, "", &lsep);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    check_tablelike(L, 1);
    lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    charge_span(L, i, last);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (; i <= last; i++) {
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1))
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
        luaL_addvalue(&b);
        if (i != last) luaL_addlstring(&b, sep, lsep);
        if (i == LUA_MAXINTEGER) break;
    }
    luaL_pushresult(&b);
    return 1;
}

static int table_sort(lua_State *L) {
    lua_Integer n = checked_length(L, 1);
    if (n > 1) {
        int64_t log2n = 0;
        for (lua_Integer k = n; k > 0; k >>= 1) log2n++;
        clg_charge(L, (int64_t)n > INT64_MAX / 128 ? INT64_MAX / 4 : (int64_t)n * log2n);
    }
    return call_original(L);
}

static int print_to_log(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
        if (i < n) luaL_addchar(&b, '\t');
    }
    luaL_pushresult(&b);
    clg_push_evaluation(L, CLG_EVAL_LOG);
    if (lua_type(L, -1) != LUA_TTABLE) return 0;
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    clg_guard(L)->logCount++;
    return 0;
}

static int require_module(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    clg_push_evaluation(L, CLG_EVAL_REQUIRE);             // [name, cache]
    if (lua_type(L, 2) != LUA_TTABLE) return luaL_error(L, "require is only available during an evaluation");
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 2) != LUA_TNIL) {                   // [name, cache, cached]
        if (lua_touserdata(L, 3) == &LOADING) return luaL_error(L, "loop or previous error loading module '%s'", name);
        return 1;
    }
    lua_pop(L, 1);
    CLGGuard *g = clg_guard(L);
    if (!g->callbacks.module) return luaL_error(L, "module '%s' not found", name);
    luaL_checkstack(L, 8, NULL);
    g->hostDepth++;
    int status = g->callbacks.module(g->callbacks.context, L, name);   // [name, cache, fn|message]
    g->hostDepth--;
    if (status == CLG_NOT_FOUND) return luaL_error(L, "module '%s' not found", name);
    if (status != CLG_OK) return lua_error(L);
    clg_push_evaluation(L, CLG_EVAL_ENV);
    if (!lua_setupvalue(L, 3, 1)) lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, &LOADING);
    lua_rawset(L, 2);
    lua_pushvalue(L, 1);                                  // [name, cache, fn, name]
    lua_call(L, 1, 1);                                    // [name, cache, result]
    if (lua_isnil(L, 3)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    lua_rawset(L, 2);
    return 1;
}

// --- read-only proxies ---------------------------------------------------------------------

static int raw_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static void push_data_of(lua_State *L, int proxy) {
    lua_getmetatable(L, proxy);
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

static int readonly_len(lua_State *L) {
    push_data_of(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int readonly_pairs(lua_State *L) {
    lua_pushcfunction(L, raw_next);
    push_data_of(L, 1);
    lua_pushnil(L);
    return 3;
}

static void set_protection(lua_State *L, int mark) {
    // metatable at the top
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushinteger(L, mark);
    lua_rawsetp(L, -2, &MARK_KEY);
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
    set_protection(L, MARK_READONLY);
    lua_setmetatable(L, -2);             // [data, proxy]
    lua_remove(L, -2);
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

static void create_object_metatable(lua_State *L) {
    lua_createtable(L, 0, 7);
    lua_pushcfunction(L, object_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, object_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, object_pairs);
    lua_setfield(L, -2, "__pairs");
    set_protection(L, MARK_OBJECT);
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
    int mark = mark_of(L, index);
    if (mark == MARK_READONLY) {
        push_data_of(L, index);
        return 1;
    }
    if (mark == MARK_OBJECT) {
        *object = object_of(L, index);
        return 2;
    }
    return 0;
}

// --- evaluation table ----------------------------------------------------------------------

void clg_begin_evaluation(lua_State *L) {
    luaL_checkstack(L, 8, NULL);
    lua_createtable(L, 5, 0);                       // [E]
    lua_createtable(L, 0, 0);                       // [E, env]
    lua_createtable(L, 0, 4);                       // [E, env, envmt]
    lua_createtable(L, 0, 4);                       // [E, env, envmt, globals]
    lua_createtable(L, 0, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &BASE_KEY);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);                        // globals -> BASE
    lua_pushvalue(L, -1);
    lua_rawseti(L, -5, CLG_EVAL_GLOBALS);
    lua_setfield(L, -2, "__index");                 // [E, env, envmt]
    lua_pushcfunction(L, global_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushinteger(L, MARK_ENV);
    lua_rawsetp(L, -2, &MARK_KEY);
    lua_setmetatable(L, -2);                        // [E, env]
    lua_rawseti(L, -2, CLG_EVAL_ENV);
    lua_createtable(L, 8, 0);
    lua_rawseti(L, -2, CLG_EVAL_LOG);
    lua_createtable(L, 0, 4);
    lua_rawseti(L, -2, CLG_EVAL_REQUIRE);
    lua_createtable(L, 8, 0);
    lua_rawseti(L, -2, CLG_EVAL_HANDLES);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &EVAL_KEY);
    lua_createtable(L, 16, 16);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY);
    clg_guard(L)->logCount = 0;
}

void clg_end_evaluation(lua_State *L) {
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &EVAL_KEY);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &OBJECTS_KEY);
}

void clg_push_evaluation(lua_State *L, int slot) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &EVAL_KEY) == LUA_TTABLE) {
        lua_rawgeti(L, -1, slot);
        lua_remove(L, -2);
    }
}

// --- installation --------------------------------------------------------------------------

static void wrap_field(lua_State *L, const char *name, lua_CFunction guard) {
    // table at the top: replaces table[name] by guard with the original as upvalue 1
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, guard, 1);
    lua_setfield(L, -2, name);
}

static void remove_field(lua_State *L, const char *name) {
    lua_pushnil(L);
    lua_setfield(L, -2, name);
}

static void set_function(lua_State *L, const char *name, lua_CFunction f) {
    lua_pushcfunction(L, f);
    lua_setfield(L, -2, name);
}

// Puts a protected proxy of the library table at the top into BASE (at -2) as `name`.
static void publish_library(lua_State *L, const char *name) {
    clg_make_readonly(L);
    lua_setfield(L, -2, name);
}

void clg_install_sandbox(lua_State *L) {
    static const char *const allowed[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
        "rawget", "rawlen", "select", "tonumber", "tostring", "type", "_VERSION", NULL,
    };
    luaL_checkstack(L, 16, NULL);
    luaL_requiref(L, "_G", luaopen_base, 0);       // [G]
    lua_createtable(L, 0, 32);                     // [G, BASE]
    for (int i = 0; allowed[i]; i++) {
        lua_getfield(L, -2, allowed[i]);
        lua_setfield(L, -2, allowed[i]);
    }
    lua_getfield(L, -2, "rawset");
    lua_pushcclosure(L, guarded_rawset, 1);
    lua_setfield(L, -2, "rawset");
    lua_getfield(L, -2, "setmetatable");
    lua_pushcclosure(L, guarded_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_getfield(L, -2, "xpcall");
    lua_pushcclosure(L, guarded_xpcall, 1);
    lua_setfield(L, -2, "xpcall");
    set_function(L, "print", print_to_log);
    set_function(L, "require", require_module);

    luaL_requiref(L, "string", luaopen_string, 0);     // [G, BASE, string]
    remove_field(L, "dump");
    wrap_field(L, "rep", guarded_rep);
    clg_install_string(L);
    // The string metatable reads the real table; scripts only ever see the proxy.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);                           // [.., string, "", smt]
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    publish_library(L, "string");

    luaL_requiref(L, "table", luaopen_table, 0);
    set_function(L, "insert", table_insert);
    set_function(L, "remove", table_remove);
    set_function(L, "move", table_move);
    set_function(L, "concat", table_concat);
    wrap_field(L, "sort", table_sort);
    publish_library(L, "table");

    luaL_requiref(L, "math", luaopen_math, 0);
    remove_field(L, "random");
    remove_field(L, "randomseed");
    publish_library(L, "math");

    luaL_requiref(L, "utf8", luaopen_utf8, 0);
    publish_library(L, "utf8");

    luaL_requiref(L, "coroutine", luaopen_coroutine, 0);
    wrap_field(L, "create", guarded_cocreate);
    wrap_field(L, "wrap", guarded_cocreate);
    wrap_field(L, "close", guarded_coclose);
    publish_library(L, "coroutine");

    lua_rawsetp(L, LUA_REGISTRYINDEX, &BASE_KEY);      // [G]
    lua_pop(L, 1);
    create_object_metatable(L);
    // Nothing reachable keeps the unrestricted globals or the loaded-library registry.
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    (void)original_upvalue;
}
