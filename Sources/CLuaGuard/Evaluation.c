// The per-evaluation table: a fresh environment over the allow-listed globals, the print log,
// the require cache and the host's handles, so nothing one evaluation does reaches the next.
#include "Internal.h"
#include <lua5.4/lauxlib.h>

static char BASE_KEY;     // registry: the allow-listed globals every environment reads through
static char EVAL_KEY;     // registry, during an evaluation: the evaluation table
static char LOADING;      // require cache marker while a module runs

void clg_set_base(lua_State *L) { lua_rawsetp(L, LUA_REGISTRYINDEX, &BASE_KEY); }

void clg_push_base(lua_State *L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &BASE_KEY); }

int clg_global_newindex(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_type(L, 3) == LUA_TSTRING) return luaL_error(L, "assignment to global '%s' is not allowed", lua_tostring(L, 3));
    return luaL_error(L, "assignment to global is not allowed");
}

int clg_print_to_log(lua_State *L) {
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

int clg_require_module(lua_State *L) {
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

// The root a hook's walk kept belongs to one evaluation: let go of it (for the collector too) as one begins and ends.
static void forget_walk_root(lua_State *L, CLGGuard *g) {
    g->walkRoot = 0;
    if (g->walkRootRef > 0) {
        lua_pushboolean(L, 0);
        clg_set_slot(L, &g->walkRootRef);
    }
}

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
    clg_set_protection(L, CLG_MARK_ENV);
    lua_pushcfunction(L, clg_global_newindex);      // assignments to globals say so
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -2);                        // [E, env]
    lua_rawseti(L, -2, CLG_EVAL_ENV);
    lua_createtable(L, 8, 0);
    lua_rawseti(L, -2, CLG_EVAL_LOG);
    lua_createtable(L, 0, 4);
    lua_rawseti(L, -2, CLG_EVAL_REQUIRE);
    lua_createtable(L, 8, 0);
    CLGGuard *g = clg_guard(L);
    lua_pushvalue(L, -1);
    clg_set_slot(L, &g->handlesRef);
    lua_rawseti(L, -2, CLG_EVAL_HANDLES);
    forget_walk_root(L, g);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &EVAL_KEY);
    clg_begin_objects(L);
    g->logCount = 0;
}

void clg_end_evaluation(lua_State *L) {
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &EVAL_KEY);
    CLGGuard *g = clg_guard(L);
    if (g->handlesRef > 0) {
        lua_pushboolean(L, 0);
        clg_set_slot(L, &g->handlesRef);
    }
    forget_walk_root(L, g);
    clg_end_objects(L);
}

void clg_push_evaluation(lua_State *L, int slot) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &EVAL_KEY) == LUA_TTABLE) {
        lua_rawgeti(L, -1, slot);
        lua_remove(L, -2);
    }
}

// A hook's function, found the way `R.items.f001.visible` reads without metamethods, every call afresh:
// a hook a script put in place of another is the one found next. One call instead of one per step; the
// tables walked through stay below the value reached (the caller drops them with what it called), which
// saves moving each value down over its table.
int clg_push_path(lua_State *L, int root, const int *keys, int count, int *reachedType) {
    CLGGuard *g = clg_guard(L);
    int type, below;   // the type of the value reached; how many values the walk leaves below the tables it walks
    if (root > 0 && root == g->walkRoot) {
        type = lua_rawgeti(L, LUA_REGISTRYINDEX, g->walkRootRef);      // [root]
        below = 0;
    } else {
        if (g->handlesRef <= 0) return -1;
        if (lua_rawgeti(L, LUA_REGISTRYINDEX, g->handlesRef) != LUA_TTABLE) {   // [handles]: false when no evaluation runs
            lua_pop(L, 1);
            return -1;
        }
        type = lua_rawgeti(L, -1, root);                               // [handles, root]
        below = 1;
        if (type == LUA_TTABLE) {
            lua_pushvalue(L, -1);
            clg_set_slot(L, &g->walkRootRef);
            g->walkRoot = root;
        }
    }
    *reachedType = type;
    for (int step = 0; step < count; step++) {
        if (type != LUA_TTABLE) return step;
        if (lua_rawgeti(L, LUA_REGISTRYINDEX, keys[step]) != LUA_TSTRING) {
            lua_pop(L, below + 2 + step);
            return -1;
        }
        type = *reachedType = lua_rawget(L, -2);                       // [..., table, value]
    }
    return count;
}
