#ifndef SUPPORTPLAN_CLUAGUARD_H
#define SUPPORTPLAN_CLUAGUARD_H

// C helpers that must run inside Lua's C world: the metered allocator, the limit hook, the
// sandboxed libraries (including a step-limited pattern matcher) and the host-object proxies.
// Every function here links against the system liblua through its public API only. This header
// is what the Swift bridge sees; what the C files share among themselves is in Internal.h.

#include <lua5.4/lua.h>
#include <stddef.h>
#include <stdint.h>

enum {
    CLG_LIMIT_NONE = 0,
    CLG_LIMIT_INSTRUCTIONS = 1,
    CLG_LIMIT_MEMORY = 2,
    CLG_LIMIT_WALLCLOCK = 3,
    CLG_LIMIT_STACK = 4,
};

enum { CLG_OK = 0, CLG_ERROR = 1, CLG_NOT_FOUND = 2 };

/// Calls from Lua into the host. Each runs with the memory cap lifted (host headroom) and must not
/// raise a Lua error itself: it returns CLG_ERROR with a message pushed and the C side raises.
typedef struct CLGCallbacks {
    void *context;
    /// The key is at the top of the stack; push exactly one value above it.
    int (*index)(void *context, lua_State *L, lua_Integer object);
    lua_Integer (*length)(void *context, lua_Integer object);
    /// Push a list table of the object's keys.
    int (*keys)(void *context, lua_State *L, lua_Integer object);
    /// Arguments at 1...nargs; push exactly one result.
    int (*call)(void *context, lua_State *L, lua_Integer function, int nargs);
    /// Push the compiled module function, or return CLG_NOT_FOUND.
    int (*module)(void *context, lua_State *L, const char *name);
    void (*line)(void *context, const char *source, int line);
} CLGCallbacks;

/// One guarded Lua state and its meters. Owned by the Swift runtime; fields are read from Swift.
typedef struct CLGGuard {
    lua_State *L;
    size_t used;
    size_t cap;
    /// Above zero while the host works: the allocator then never refuses (host headroom).
    int hostDepth;
    /// Set when the allocator refused a request during the current call.
    int memoryRefused;
    /// The last refused request, so the allocator knows Lua's retry after its emergency collection.
    void *refusedPtr;
    size_t refusedOld;
    size_t refusedNew;
    int64_t budget;
    int64_t spent;
    int granularity;
    int tripped;
    int coverage;
    double deadline;
    unsigned ticks;
    char tripSource[512];
    int tripLine;
    char errorSource[512];
    int errorLine;
    /// 1 while the registry holds a traceback (0 means it holds none): a call clears it only then.
    int tracebackKept;
    /// 1 while a protected call runs: a host function it calls cannot make another (that one's meter would replace
    /// the running call's, and its end would leave the rest of the running call unmetered).
    int calling;
    /// Lines print() added to the evaluation's log since the evaluation began.
    int64_t logCount;
    /// The registry reference that holds the running evaluation's handles (false between evaluations; 0 before the
    /// first): a hook's walk starts there without looking the evaluation table up by its key.
    int handlesRef;
    /// The handle (0: none) whose value the registry reference `walkRootRef` holds, for the running evaluation only: the
    /// table a hook's walk last started at, so the next walk from it reads one registry slot instead of two. A handle's
    /// value never changes within an evaluation, and both are cleared as one begins and ends.
    int walkRoot;
    int walkRootRef;
    /// Registry references (0 until first used) of the running evaluation's host tables and of the recycled tables:
    /// read at every push of a host table, an integer slot is one array read where a key is one hash lookup.
    int tablesRef;
    int recycledRef;
    CLGCallbacks callbacks;
} CLGGuard;

// --- the state (State.c) -------------------------------------------------------------------

/// Opens a metered state with the sandbox installed; NULL when it cannot be created.
CLGGuard *clg_open(size_t memoryCap, int granularity, int coverage);
void clg_close(CLGGuard *g);
/// A full garbage collection (the host's, with headroom).
void clg_collect(lua_State *L);

// --- limits and the protected call (Limits.c, ProtectedCall.c) -----------------------------

double clg_now(void);
/// Runs the function below `nargs` arguments in protected mode with the instruction budget, the
/// memory cap and the wall clock armed; on error leaves one message (or the limit sentinel), and
/// fills `errorSource`/`errorLine`; the traceback goes to the registry (clg_pushtraceback).
int clg_pcall(CLGGuard *g, int nargs, int nresults, int64_t budget);
void clg_pushtraceback(lua_State *L);
/// Pushes the message handler clg_pcall uses, for clg_pcall_hook.
void clg_push_message_handler(lua_State *L);

/// A hook's call: found by its path with clg_push_hook, its argument pushed by the host, made with clg_pcall_hook.
/// Pushes the message handler, then handle `root` of the evaluation read raw along `count` keys (each the registry
/// reference of a string), the tables walked through left between them: returns `count` with the function reached
/// at the top, -3 when the value reached is not a function (that value at the top), or the step at which a value
/// was not a table (that value at the top); or, with nothing pushed, -1 when a reference is not a string and -2
/// when the stack cannot grow.
int clg_push_hook(lua_State *L, int root, const int *keys, int count);

/// How a hook answered: exactly one boolean, false and a string, or anything else.
enum { CLG_ANSWER_OTHER = 0, CLG_ANSWER_TRUE = 1, CLG_ANSWER_FALSE = 2, CLG_ANSWER_REFUSAL = 3 };
typedef struct CLGHookCall {
    /// LUA_OK, or clg_pcall's status with its message (or the limit sentinel) at `base`.
    int status;
    /// Where the function was and its results now start, and how many there are.
    int base;
    int count;
    /// CLG_ANSWER_*, read off the results of a call that succeeded.
    int answer;
} CLGHookCall;
/// clg_pcall of the function below `nargs` arguments at the top, with the message handler already at `handler`
/// (below the function) and all results kept; the handler and what lies between stay for the caller to drop.
CLGHookCall clg_pcall_hook(CLGGuard *g, int handler, int nargs, int64_t budget);
int clg_islimitsentinel(lua_State *L, int index);

// --- the evaluation table (Evaluation.c) ---------------------------------------------------

/// The per-evaluation table: [env, log, require cache, handles, globals].
enum { CLG_EVAL_ENV = 1, CLG_EVAL_LOG = 2, CLG_EVAL_REQUIRE = 3, CLG_EVAL_HANDLES = 4, CLG_EVAL_GLOBALS = 5 };
void clg_begin_evaluation(lua_State *L);
void clg_end_evaluation(lua_State *L);
/// Pushes field `slot` of the per-evaluation table (nil outside an evaluation).
void clg_push_evaluation(lua_State *L, int slot);

// --- kept chunk tables (Prepared.c) ---------------------------------------------------------

/// Walks what the table at `root` (built by a chunk in the current evaluation) reaches. When all of it is
/// the chunk's own (see Prepared.c), pushes a snapshot table and returns 1; otherwise pushes the reason
/// (a sentence fragment: "it keeps a coroutine") and returns 0. At most `maxEntries` entries are kept.
int clg_prepare(lua_State *L, int root, lua_Integer maxEntries);
// 1 when the table at `table` (with no metatable) holds, under string keys, only what is the same in every evaluation
// of the state: plain values, shared library values, host functions the runtime keeps, and Lua functions whose
// upvalues are such values (none an environment), so its read-only view may serve later evaluations.
int clg_same_in_every_evaluation(lua_State *L, int table);
/// Binds the kept functions to the current evaluation (their _ENV, its require cache) and pushes the root.
void clg_prepared_attach(lua_State *L, int snapshot);
/// 1 when every kept table and upvalue is as the snapshot at `snapshot` took it; the tables no script can reach
/// are left out (they cannot differ) unless `all`.
int clg_prepared_unchanged(lua_State *L, int snapshot, int all);
/// The function at the path of interned `keys` (registry references of strings) in the kept root, when every table
/// on the way is one no script can reach (so the function found stays the one there while the table is kept): kept
/// in the snapshot's hook list, whose position (1...) it returns. 0 when the path leaves those tables or does not
/// end at a function (the caller then walks it in every call).
int clg_prepared_find_hook(lua_State *L, int snapshot, const int *keys, int count);
/// A registry reference to the snapshot's hook list (for `clg_prepared_push_hook`).
int clg_prepared_hooks_ref(lua_State *L, int snapshot);
/// Pushes the message handler, then the function at `slot` of the hook list `hooks` (a registry reference), as
/// `clg_push_hook` pushes them (with the list between them, as the tables it walks). 0 when the stack cannot grow
/// (nothing pushed).
int clg_prepared_push_hook(lua_State *L, int hooks, int slot);
/// How many tables the snapshot at `snapshot` keeps, and how many of them a script can reach (compared every time).
void clg_prepared_counts(lua_State *L, int snapshot, lua_Integer *tables, lua_Integer *reached);

// --- read-only proxies (ReadOnly.c) --------------------------------------------------------

/// Wraps the table at the top (replacing it) in a read-only proxy.
void clg_make_readonly(lua_State *L);
/// Pops the read-only proxy at the top and sets each entry of the data behind it in the table at `target`
/// (raw, so the target may be a data table being built); pops anything else and copies nothing.
void clg_copy_readonly_entries(lua_State *L, int target);
// Recycled read-only tables (ReadOnly.c): `begin` pushes the proxy kept under `key` and its data table
// above it (emptied first when `empty` is 1) and returns 1, or pushes nothing and returns 0 when none is
// kept (popping the data table when it is written leaves the proxy); `keep` keeps the proxy at the top (not
// popped) under `key`.
int clg_recycled_begin(lua_State *L, lua_Integer key, int empty);
void clg_recycled_keep(lua_State *L, lua_Integer key);
/// Pushes the proxy kept under `key` as it is and returns 1, or pushes nothing and returns 0 when none is kept (or
/// the stack cannot grow): the table of a source that took it as it was.
int clg_recycled_push(lua_State *L, lua_Integer key);
/// Removes every entry of the table at the top (raw), keeping the table and its metatable.
void clg_clear_table(lua_State *L);
/// Lets every kept table go (the next evaluation makes its tables afresh).
void clg_recycled_drop(lua_State *L);
/// Pops the known keys (a table holding them at 1..n and each as key → true), a prefix and a suffix, and
/// pushes a metatable for a data table whose misses read nil for a known key (or any key that is not a
/// string) and raise `prefix .. key .. suffix` with a did-you-mean for any other string key.
void clg_push_strict_metatable(lua_State *L);

// --- host objects (HostObjects.c) ----------------------------------------------------------

/// Pushes the read-only lazy proxy of host object `object` (an id of the current evaluation):
/// the same proxy for the same id throughout the evaluation; every proxy shares one protected
/// metatable, and the id is kept beside the proxy, out of every script's reach.
void clg_push_object(lua_State *L, lua_Integer object);
/// For the host-object proxy at `proxy` and the key at the top (popped): pushes the value, read
/// through the proxy's caches (the host is asked at most once per key per evaluation), and returns
/// CLG_OK; or pushes the host's error message and returns CLG_ERROR. Never raises.
int clg_object_get(lua_State *L, int proxy);
/// Pushes the read-only proxy of host table `id` made earlier in this evaluation and returns 1, or
/// pushes nothing and returns 0 when there is none yet.
int clg_push_table(lua_State *L, lua_Integer id);
/// Keeps the read-only proxy at the top (not popped) as host table `id` for the rest of the evaluation.
void clg_keep_table(lua_State *L, lua_Integer id);
/// Pushes a host function.
void clg_push_hostfunction(lua_State *L, lua_Integer function);
/// Keeps the string at `index` alive for the state's life (in a registry table; `reset` starts a
/// new table, letting go of every string kept before), so its address stays its own.
void clg_anchor_string(lua_State *L, int index, int reset);
/// 1 when the value at `index` is a host function.
int clg_is_hostfunction(lua_State *L, int index);
/// For a proxy at `index`: 1 and pushes the data table of a read-only value proxy; 2 and sets
/// *object for a host-object proxy; 0 (nothing pushed) for any other value.
int clg_proxy_kind(lua_State *L, int index, lua_Integer *object);

#endif
