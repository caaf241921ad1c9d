#ifndef SUPPORTPLAN_CLUAGUARD_INTERNAL_H
#define SUPPORTPLAN_CLUAGUARD_INTERNAL_H
#include "CLuaGuard.h"

#if defined(__GNUC__)
#define l_noret void __attribute__((noreturn))
#else
#define l_noret void
#endif

CLGGuard *clg_guard(lua_State *L);
l_noret clg_trip(lua_State *L, CLGGuard *g, int kind);
void clg_install_sandbox(lua_State *L);

#endif
