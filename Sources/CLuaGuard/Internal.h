#ifndef SUPPORTPLAN_CLUAGUARD_INTERNAL_H
#define SUPPORTPLAN_CLUAGUARD_INTERNAL_H
// What the guard's C files share and the Swift bridge never sees. The files call one way, each
// only into those after it:
//   State.c -> Install.c -> GuardedFunctions.c, Pattern.c -> Prepared.c -> Evaluation.c -> HostObjects.c
//   -> ReadOnly.c -> Limits.c (the meters, which call nothing of the guard).
// ProtectedCall.c is called by the host only and calls Evaluation.c (a hook's path) and Limits.c.
#include "CLuaGuard.h"
#include <lua5.4/lauxlib.h>

#if defined(__GNUC__)
#define l_noret void __attribute__((noreturn))
#else
#define l_noret void
#endif

/// The protected metatable tag readers see (`getmetatable(proxy)`).
#define CLG_PROTECTED "read-only"

// --- Limits.c: the allocator, the count hook and the budget --------------------------------

/// The guard of L (any of its threads): inline, as the count hook and the hook's walk read it in every call.
static inline CLGGuard *clg_guard(lua_State *L) { return *(CLGGuard **)lua_getextraspace(L); }
/// The allocator of every guarded state; `ud` is its CLGGuard.
void *clg_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/// Arms the count (and, with coverage, line) hook for a call of `budget` units. It stays set after the call, doing
/// nothing while no call runs (CLGGuard.calling): one lua_sethook a call instead of two.
void clg_arm(CLGGuard *g, int64_t budget);
/// Records that the memory cap was hit (raised at the next hook event or by clg_pcall).
void clg_trip_memory(CLGGuard *g);
/// The limit hit in this call (CLG_LIMIT_*), or 0.
int clg_limit_hit(CLGGuard *g);
/// Records the limit `kind` (the first one wins) and raises the limit sentinel.
l_noret clg_trip(lua_State *L, CLGGuard *g, int kind);
/// Charges `units` to the shared budget from C library code; raises the limit error when spent.
void clg_charge(lua_State *L, int64_t units);
/// Pushes the value every limit error carries.
void clg_push_limitsentinel(lua_State *L);
/// Writes the innermost Lua position with a line of L (or else of the main thread).
void clg_locate(CLGGuard *g, lua_State *L, char *source, size_t size, int *line);

// --- registry slots of the guard (CLGGuard's *Ref fields) ----------------------------------

/// Pushes what the registry slot `ref` holds (false while it holds nothing, or before it is made) and returns its type.
static inline int clg_push_slot(lua_State *L, int ref) {
    if (ref <= 0) {
        lua_pushboolean(L, 0);
        return LUA_TBOOLEAN;
    }
    return lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
}

/// Pops the value at the top into the registry slot `*ref`, made the first time. Never nil: a nil slot at the end
/// of the registry's array could be handed out again by luaL_ref; false stands for nothing.
static inline void clg_set_slot(lua_State *L, int *ref) {
    if (*ref > 0) lua_rawseti(L, LUA_REGISTRYINDEX, *ref);
    else *ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

// --- ReadOnly.c: marks and read-only value proxies ------------------------------------------

/// What a protected metatable guards: a read-only value, a host object, an environment.
enum { CLG_MARK_READONLY = 1, CLG_MARK_OBJECT = 2, CLG_MARK_ENV = 3 };
/// The mark of the value at `index` (0 for an unprotected value).
int clg_mark_of(lua_State *L, int index);
/// Makes the metatable at the top refuse writes and hide itself, marked `mark`.
void clg_set_protection(lua_State *L, int mark);
/// __newindex of every protected table: raises "attempt to modify read-only table".
int clg_readonly_newindex(lua_State *L);
/// Pushes the data table behind the read-only proxy at `proxy`.
void clg_push_readonly_data(lua_State *L, int proxy);
/// Keeps, for the state's life, the entries every read-only proxy's metatable shares (at installation).
void clg_create_readonly_template(lua_State *L);

// --- HostObjects.c ------------------------------------------------------------------------

/// Creates the one metatable every host-object proxy shares (at installation).
void clg_create_object_metatable(lua_State *L);
/// Starts and ends the objects table of an evaluation.
void clg_begin_objects(lua_State *L);
void clg_end_objects(lua_State *L);

// --- Evaluation.c -------------------------------------------------------------------------

/// Keeps the table at the top (popped) as the allow-listed globals every environment reads.
void clg_set_base(lua_State *L);
/// Pushes the allow-listed globals.
void clg_push_base(lua_State *L);
/// __newindex of every environment: raises "assignment to global ... is not allowed".
int clg_global_newindex(lua_State *L);
/// print and require: the evaluation's log and module cache.
int clg_print_to_log(lua_State *L);
int clg_require_module(lua_State *L);
/// Pushes handle `root` of the evaluation, read raw along `count` keys, each the registry reference of a string,
/// the tables walked through left below it: returns `count` with the value reached at the top, or the step at
/// which a value was not a table (that value at the top), or -1 with nothing pushed when a reference is not a
/// string (or no evaluation runs). `*type` is the type of the value at the top. Needs room for `count + 4` values.
int clg_push_path(lua_State *L, int root, const int *keys, int count, int *type);

// --- GuardedFunctions.c: library functions wrapped with their original as upvalue 1 --------

int clg_guarded_rawset(lua_State *L);
int clg_guarded_setmetatable(lua_State *L);
int clg_guarded_xpcall(lua_State *L);
int clg_guarded_cocreate(lua_State *L);
int clg_guarded_coclose(lua_State *L);
int clg_guarded_rep(lua_State *L);
int clg_guarded_sort(lua_State *L);
int clg_table_insert(lua_State *L);
int clg_table_remove(lua_State *L);
int clg_table_move(lua_State *L);
int clg_table_concat(lua_State *L);

// --- Pattern.c ----------------------------------------------------------------------------

/// Installs the guarded string functions into the table at the top.
void clg_install_string(lua_State *L);

// --- Install.c ----------------------------------------------------------------------------

/// Builds the allow-listed globals and drops every way back to the unrestricted ones.
void clg_install_sandbox(lua_State *L);

#endif
