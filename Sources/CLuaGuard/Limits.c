// The meters of a guarded state: the allocator with its cap, the instruction/clock hook and the
// budget that C library code charges. Depends on nothing else of the guard.
#include "Internal.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char LIMIT_SENTINEL;

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

void clg_locate(CLGGuard *g, lua_State *L, char *source, size_t size, int *line) {
    if (L && locate_in(L, source, size, line)) return;
    if (g->L && g->L != L) locate_in(g->L, source, size, line);
}

static int hook_mask(CLGGuard *g) {
    return LUA_MASKCOUNT | LUA_MASKCALL | (g->coverage ? LUA_MASKLINE : 0);
}

static void clg_hook(lua_State *L, lua_Debug *ar);

void clg_trip_memory(CLGGuard *g) {
    g->refusedNew = 0;
    if (g->tripped) return;
    g->tripped = CLG_LIMIT_MEMORY;
    // lua_sethook may be called from anywhere (even a signal handler), so also from here.
    lua_sethook(g->L, clg_hook, hook_mask(g), 1);
}

// The script's requests over the cap are refused (the host never is: headroom). Lua answers a
// refusal with an emergency collection and asks again with the same request; only when that
// retry is refused too, or no retry comes (the auxiliary library's buffers do not retry), is
// the cap hit. Lua then raises "not enough memory", which a script's pcall could catch, so the
// limit is tripped here: the hook raises it at the next instruction or call of every thread,
// and clg_pcall fails a call that returns without meeting the hook.
void *clg_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    CLGGuard *g = (CLGGuard *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        g->used -= old;
        return NULL;
    }
    int retry = g->refusedNew && g->refusedPtr == ptr && g->refusedOld == osize && g->refusedNew == nsize;
    if (g->refusedNew && !retry) clg_trip_memory(g);   // the last refusal was final
    if (nsize > old && g->hostDepth <= 0 && g->used - old + nsize > g->cap) {
        g->memoryRefused = 1;
        if (!g->tripped && !retry) {
            g->tripSource[0] = 0;
            g->tripLine = 0;
            clg_locate(g, NULL, g->tripSource, sizeof g->tripSource, &g->tripLine);
        }
        if (retry) {
            clg_trip_memory(g);
        } else {
            g->refusedPtr = ptr;
            g->refusedOld = osize;
            g->refusedNew = nsize;
        }
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    g->refusedNew = 0;   // a retry granted: the emergency collection made room
    g->used = g->used - old + nsize;
    return p;
}

static l_noret raise_limit(lua_State *L, CLGGuard *g) {
    // Once spent, every instruction and every call of every thread raises again, so neither
    // pcall nor a coroutine can go on.
    lua_sethook(L, clg_hook, hook_mask(g), 1);
    if (g->L != L) lua_sethook(g->L, clg_hook, hook_mask(g), 1);
    clg_push_limitsentinel(L);
    lua_error(L);
    abort(); // not reached
}

l_noret clg_trip(lua_State *L, CLGGuard *g, int kind) {
    if (!g->tripped) {
        g->tripped = kind;
        g->tripSource[0] = 0;
        g->tripLine = 0;
        clg_locate(g, L, g->tripSource, sizeof g->tripSource, &g->tripLine);
    }
    raise_limit(L, g);
}

static void check_clock(lua_State *L, CLGGuard *g) {
    if (g->deadline > 0 && clg_now() > g->deadline) clg_trip(L, g, CLG_LIMIT_WALLCLOCK);
}

void clg_charge(lua_State *L, int64_t units) {
    CLGGuard *g = clg_guard(L);
    if (g->hostDepth > 0) return;
    if (clg_limit_hit(g)) raise_limit(L, g);
    if (units < 0) units = 0;
    if (units > INT64_MAX / 4) units = INT64_MAX / 4;
    g->spent += units;
    if (g->spent > g->budget) clg_trip(L, g, CLG_LIMIT_INSTRUCTIONS);
    if ((++g->ticks & 15) == 0) check_clock(L, g);
}

static void clg_hook(lua_State *L, lua_Debug *ar) {
    CLGGuard *g = clg_guard(L);
    // Left set between calls (clg_arm sets it afresh for each): whatever Lua would run then, outside any call (the
    // host runs none itself), is neither metered nor stopped, as with no hook.
    if (!g->calling) return;
    if (ar->event == LUA_HOOKLINE) {
        if (clg_limit_hit(g)) raise_limit(L, g);
        if (g->callbacks.line && lua_getinfo(L, "S", ar) && ar->source)
            g->callbacks.line(g->callbacks.context, ar->source, ar->currentline);
        return;
    }
    if (clg_limit_hit(g)) raise_limit(L, g);
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
    // Until then the main thread's count is the one clg_arm set, the granularity: a call's budget is fixed and what
    // it spent only grows, and a limit hit (count 1) raises above. So the count needs no look there, in every call.
    if (remaining >= g->granularity && L == g->L) return;
    int want = remaining < g->granularity ? (int)(remaining < 1 ? 1 : remaining) : g->granularity;
    if (lua_gethookcount(L) != want) lua_sethook(L, clg_hook, hook_mask(g), want);
}

void clg_arm(CLGGuard *g, int64_t budget) {
    g->budget = budget < 1 ? 1 : budget;
    g->spent = 0;
    g->tripped = 0;
    g->memoryRefused = 0;
    g->refusedNew = 0;
    g->tripSource[0] = 0;
    g->tripLine = 0;
    int count = g->budget < g->granularity ? (int)g->budget : g->granularity;
    lua_sethook(g->L, clg_hook, hook_mask(g), count);
}

void clg_push_limitsentinel(lua_State *L) { lua_pushlightuserdata(L, &LIMIT_SENTINEL); }

int clg_limit_hit(CLGGuard *g) {
    // A refusal still pending when Lua runs on was final: no retry comes after other work.
    if (g->refusedNew) clg_trip_memory(g);
    return g->tripped;
}

int clg_islimitsentinel(lua_State *L, int index) {
    return lua_touserdata(L, index) == &LIMIT_SENTINEL && lua_type(L, index) == LUA_TLIGHTUSERDATA;
}
