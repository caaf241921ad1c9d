// The host's protected call: limits armed, a message handler that locates and keeps a traceback; and the
// call of a hook, found by its path and answered in two calls into C.
#include "Internal.h"
#include <lua5.4/lauxlib.h>

static char TRACEBACK_KEY;

void clg_pushtraceback(lua_State *L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &TRACEBACK_KEY); }

// The host's message handler: records where, keeps a traceback, and never calls a script's
// __tostring (which could error or loop); it runs with the host's memory headroom.
static int message_handler(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    clg_locate(g, L, g->errorSource, sizeof g->errorSource, &g->errorLine);
    if (!clg_islimitsentinel(L, 1)) {
        int t = lua_type(L, 1);
        if (t == LUA_TNUMBER) {
            lua_pushstring(L, lua_tostring(L, 1));
            lua_replace(L, 1);
        } else if (t != LUA_TSTRING) {
            lua_pushfstring(L, "(error object is a %s value)", lua_typename(L, t));
            lua_replace(L, 1);
        }
    }
    luaL_traceback(L, L, NULL, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TRACEBACK_KEY);
    g->tracebackKept = 1;
    lua_settop(L, 1);
    g->hostDepth--;
    return 1;
}

void clg_push_message_handler(lua_State *L) { lua_pushcfunction(L, message_handler); }

// clg_pcall with the message handler already at `handler`, below the function at `base`.
static int pcall_with(CLGGuard *g, int handler, int base, int nargs, int nresults, int64_t budget) {
    lua_State *L = g->L;
    if (g->calling) {
        // Refused before anything of the running call is touched: its meter, error position and traceback.
        lua_settop(L, base - 1);
        lua_pushliteral(L, "Lua was called from a host function while a Lua call ran: calls into Lua cannot nest");
        return LUA_ERRRUN;
    }
    g->errorSource[0] = 0;
    g->errorLine = 0;
    // No traceback of an earlier failure may outlive this call (memory errors run no handler): cleared
    // only when one is kept, so the calls that succeed one after another write nothing to the registry.
    if (g->tracebackKept) {
        lua_pushnil(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &TRACEBACK_KEY);
        g->tracebackKept = 0;
    }
    clg_arm(g, budget);
    g->calling = 1;
    g->hostDepth--;
    int status = lua_pcall(L, nargs, nresults, handler);
    g->hostDepth++;
    g->calling = 0;
    int hit = clg_limit_hit(g);   // a refusal nothing came after counts too
    if (status == LUA_OK && hit) {
        // A limit was hit (the memory cap, in a script's own pcall) but the call returned before
        // the hook could raise it: the call still fails, with the limit.
        lua_settop(L, base - 1);
        clg_push_limitsentinel(L);
        status = LUA_ERRRUN;
    }
    return status;
}

int clg_pcall(CLGGuard *g, int nargs, int nresults, int64_t budget) {
    lua_State *L = g->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    int status = pcall_with(g, base, base + 1, nargs, nresults, budget);
    lua_remove(L, base);
    return status;
}

int clg_push_hook(lua_State *L, int root, const int *keys, int count) {
    if (count < 0 || !lua_checkstack(L, count + 8)) return -2;
    lua_pushcfunction(L, message_handler);
    int type = LUA_TNONE;
    int reached = clg_push_path(L, root, keys, count, &type);
    if (reached < 0) lua_pop(L, 1);
    return reached == count && type != LUA_TFUNCTION ? -3 : reached;
}

CLGHookCall clg_pcall_hook(CLGGuard *g, int handler, int nargs, int64_t budget) {
    lua_State *L = g->L;
    CLGHookCall call = { .base = lua_gettop(L) - nargs, .count = 0, .answer = CLG_ANSWER_OTHER };
    call.status = pcall_with(g, handler, call.base, nargs, LUA_MULTRET, budget);
    if (call.status != LUA_OK) return call;
    call.count = lua_gettop(L) - call.base + 1;
    if (call.count < 1 || call.count > 2 || lua_type(L, call.base) != LUA_TBOOLEAN) return call;
    int flag = lua_toboolean(L, call.base);
    if (call.count == 1) call.answer = flag ? CLG_ANSWER_TRUE : CLG_ANSWER_FALSE;
    else if (!flag && lua_type(L, call.base + 1) == LUA_TSTRING) call.answer = CLG_ANSWER_REFUSAL;
    return call;
}
