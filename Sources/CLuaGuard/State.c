// Opening and closing a guarded state: the metered allocator, the guard in the extra space,
// the sandbox installed before the host sees the state.
#include "Internal.h"
#include <stdlib.h>

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
