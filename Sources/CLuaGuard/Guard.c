// The metered state: allocator with a cap, the instruction/clock hook, the protected call.
#include "CLuaGuard.h"
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char LIMIT_SENTINEL;
static char TRACEBACK_KEY;

double clg_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Finds the innermost Lua frame with a line, so C frames (string.rep, error) point at their caller.
static int locate_in(lua_State *L, char *source, size_t size, int *line) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) continue;
        if (ar.currentline > 0) {
            strncpy(source, ar.source ? ar.source : "?", size - 1);
            source[size - 1] = 0;
            *line = ar.currentline;
            return 1;
        }
    }
    return 0;
}

static void locate(CLGGuard *g, lua_State *L, char *source, size_t size, int *line) {
    if (L && locate_in(L, source, size, line)) return;
    if (g->L && g->L != L) locate_in(g->L, source, size, line);
}

static void *clg_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    CLGGuard *g = (CLGGuard *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        g->used -= old;
        return NULL;
    }
    if (nsize > old && g->hostDepth <= 0 && g->used - old + nsize > g->cap) {
        // The script's own request over the cap. The host never gets here (headroom), so a
        // refusal is always raised inside a protected call. Lua retries after an emergency GC.
        if (!g->memoryRefused) {
            g->memoryRefused = 1;
            if (!g->tripSource[0]) locate(g, NULL, g->tripSource, sizeof g->tripSource, &g->tripLine);
        }
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    g->used = g->used - old + nsize;
    return p;
}

CLGGuard *clg_guard(lua_State *L) { return *(CLGGuard **)lua_getextraspace(L); }

static int hook_mask(CLGGuard *g) {
    return LUA_MASKCOUNT | LUA_MASKCALL | (g->coverage ? LUA_MASKLINE : 0);
}

static void clg_hook(lua_State *L, lua_Debug *ar);

static l_noret raise_limit(lua_State *L, CLGGuard *g) {
    // Once spent, every instruction and every call of every thread raises again, so neither
    // pcall nor a coroutine can go on.
    lua_sethook(L, clg_hook, hook_mask(g), 1);
    if (g->L != L) lua_sethook(g->L, clg_hook, hook_mask(g), 1);
    lua_pushlightuserdata(L, &LIMIT_SENTINEL);
    lua_error(L);
    abort(); // not reached
}

l_noret clg_trip(lua_State *L, CLGGuard *g, int kind) {
    if (!g->tripped) {
        g->tripped = kind;
        g->tripSource[0] = 0;
        g->tripLine = 0;
        locate(g, L, g->tripSource, sizeof g->tripSource, &g->tripLine);
    }
    raise_limit(L, g);
}

static void check_clock(lua_State *L, CLGGuard *g) {
    if (g->deadline > 0 && clg_now() > g->deadline) clg_trip(L, g, CLG_LIMIT_WALLCLOCK);
}

void clg_charge(lua_State *L, int64_t units) {
    CLGGuard *g = clg_guard(L);
    if (g->hostDepth > 0) return;
    if (g->tripped) raise_limit(L, g);
    if (units < 0) units = 0;
    if (units > INT64_MAX / 4) units = INT64_MAX / 4;
    g->spent += units;
    if (g->spent > g->budget) clg_trip(L, g, CLG_LIMIT_INSTRUCTIONS);
    if ((++g->ticks & 15) == 0) check_clock(L, g);
}

static void clg_hook(lua_State *L, lua_Debug *ar) {
    CLGGuard *g = clg_guard(L);
    if (ar->event == LUA_HOOKLINE) {
        if (g->tripped) raise_limit(L, g);
        if (g->callbacks.line && lua_getinfo(L, "S", ar) && ar->source)
            g->callbacks.line(g->callbacks.context, ar->source, ar->currentline);
        return;
    }
    if (g->tripped) raise_limit(L, g);
    if (ar->event == LUA_HOOKCOUNT) {
        g->spent += lua_gethookcount(L);
        if (g->spent > g->budget) clg_trip(L, g, CLG_LIMIT_INSTRUCTIONS);
        check_clock(L, g);
    } else {
        g->spent += 1;
        if (g->spent > g->budget) clg_trip(L, g, CLG_LIMIT_INSTRUCTIONS);
        if ((++g->ticks & 15) == 0) check_clock(L, g);
    }
    // Tighten the count as the budget nears so the overshoot stays small.
    int64_t remaining = g->budget - g->spent;
    int want = remaining < g->granularity ? (int)(remaining < 1 ? 1 : remaining) : g->granularity;
    if (lua_gethookcount(L) != want) lua_sethook(L, clg_hook, hook_mask(g), want);
}

int clg_islimitsentinel(lua_State *L, int index) {
    return lua_touserdata(L, index) == &LIMIT_SENTINEL && lua_type(L, index) == LUA_TLIGHTUSERDATA;
}

void clg_pushtraceback(lua_State *L) { lua_rawgetp(L, LUA_REGISTRYINDEX, &TRACEBACK_KEY); }

// The host's message handler: records where, keeps a traceback, and never calls a script's
// __tostring (which could error or loop); it runs with the host's memory headroom.
static int clg_msgh(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    locate(g, L, g->errorSource, sizeof g->errorSource, &g->errorLine);
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
    lua_settop(L, 1);
    g->hostDepth--;
    return 1;
}

int clg_pcall(CLGGuard *g, int nargs, int nresults, int64_t budget) {
    lua_State *L = g->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, clg_msgh);
    lua_insert(L, base);
    g->budget = budget < 1 ? 1 : budget;
    g->spent = 0;
    g->tripped = 0;
    g->memoryRefused = 0;
    g->tripSource[0] = 0;
    g->tripLine = 0;
    g->errorSource[0] = 0;
    g->errorLine = 0;
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TRACEBACK_KEY);
    int count = g->budget < g->granularity ? (int)g->budget : g->granularity;
    lua_sethook(L, clg_hook, hook_mask(g), count);
    g->hostDepth--;
    int status = lua_pcall(L, nargs, nresults, base);
    g->hostDepth++;
    lua_sethook(L, NULL, 0, 0);
    lua_remove(L, base);
    return status;
}

CLGGuard *clg_open(size_t memoryCap, int granularity, int coverage) {
    CLGGuard *g = calloc(1, sizeof(CLGGuard));
    if (!g) return NULL;
    g->cap = memoryCap;
    g->hostDepth = 1;
    g->granularity = granularity < 1 ? 1 : granularity;
    g->coverage = coverage;
    g->budget = INT64_MAX / 4;
    lua_State *L = lua_newstate(clg_alloc, g);
    if (!L) {
        free(g);
        return NULL;
    }
    *(CLGGuard **)lua_getextraspace(L) = g;
    g->L = L;
    clg_install_sandbox(L);
    return g;
}

void clg_close(CLGGuard *g) {
    if (!g) return;
    g->hostDepth = 1;
    if (g->L) lua_close(g->L);
    free(g);
}

void clg_collect(lua_State *L) {
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    lua_gc(L, LUA_GCCOLLECT);
    g->hostDepth--;
}
