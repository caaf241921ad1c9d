// The library functions the sandbox wraps or rewrites: each guarded one calls its original
// (upvalue 1) once its arguments are safe, and every loop in C is charged before it starts.
#include "Internal.h"
#include <lua5.4/lauxlib.h>

// Calls the library function kept as upvalue 1 directly, on the same stack.
static int call_original(lua_State *L) {
    lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
    return f(L);
}

// rawset must not write through the protection of host tables, library tables or the environment.
int clg_guarded_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int mark = clg_mark_of(L, 1);
    if (mark == CLG_MARK_ENV) return clg_global_newindex(L);
    if (mark) return clg_readonly_newindex(L);
    return call_original(L);
}

// A finalizer runs with hooks off, at any allocation and at lua_close: refuse them all.
int clg_guarded_setmetatable(lua_State *L) {
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
    if (clg_islimitsentinel(L, 1) || clg_limit_hit(clg_guard(L))) {
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

int clg_guarded_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, finish_xpcall);
    return finish_xpcall(L, LUA_OK, 0);
}

int clg_guarded_cocreate(lua_State *L) {
    // A new thread's instruction count starts afresh: charge what it could run unseen.
    clg_charge(L, clg_guard(L)->granularity);
    return call_original(L);
}

// Nested coroutine.close chains overflow the C stack in 5.4.4: only the main thread may close.
int clg_guarded_coclose(lua_State *L) {
    if (L != clg_guard(L)->L) return luaL_error(L, "coroutine.close is only allowed outside coroutines");
    return call_original(L);
}

int clg_guarded_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    // A string larger than the whole memory cap is the cap hit, before anything is allocated.
    CLGGuard *g = clg_guard(L);
    if ((size_t)n > g->cap || (l + lsep) > g->cap / (size_t)n) clg_trip(L, g, CLG_LIMIT_MEMORY);
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
int clg_table_insert(lua_State *L) {
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

int clg_table_remove(lua_State *L) {
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

int clg_table_move(lua_State *L) {
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

int clg_table_concat(lua_State *L) {
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

int clg_guarded_sort(lua_State *L) {
    lua_Integer n = checked_length(L, 1);
    if (n > 1) {
        int64_t log2n = 0;
        for (lua_Integer k = n; k > 0; k >>= 1) log2n++;
        clg_charge(L, (int64_t)n > INT64_MAX / 128 ? INT64_MAX / 4 : (int64_t)n * log2n);
    }
    return call_original(L);
}
