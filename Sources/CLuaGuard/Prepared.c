// Keeping what a rules chunk built for later evaluations, and proving after each one that nothing it
// reaches changed.
//
// Running a template's chunk again for every plan (new closures for every hook, new tables) costs more
// than evaluating the plan's hooks in plain Lua. Instead the engine keeps the table the chunk returned
// and everything it reaches: tables (entries, in iteration order, and metatables), Lua functions and
// their upvalues, and the modules the chunk required. It is kept only when all of it is the chunk's own:
// plain values, tables without a protected metatable, Lua functions of a Rules file, the shared library
// functions and tables of the sandbox. Anything of the evaluation that built it (its environment other
// than as a function's _ENV, `sp`, host functions and objects, coroutines, userdata) refuses the keep.
//
// Each later evaluation rebinds every kept function's _ENV to its own environment and seeds its
// `require` cache with the kept modules; after it, every kept table is compared entry by entry, in
// order, with its snapshot (and its length and metatable), and every upvalue with its kept value: the same
// object, or the same string, boolean, integer or float bits (an integer 0 written over with 0.0, or 0.0 with
// -0.0, is a change a script can see, though lua_rawequal calls them equal). The first difference lets the kept state go for good: that evaluation started from the pristine state, so
// its answers stand, and every later one runs the chunk afresh. Nothing one plan does reaches the next.
//
// Not compared either: a kept table no script can reach. A script reaches what the functions it runs reach (their
// upvalues, other than the evaluation's _ENV), what `require` gives (the kept modules), and from a table its keys,
// values and metatable; the sandbox has no debug library, no load and no other way in. The host only reads the
// rules table raw to find the hooks it calls, so the tables that hold the hooks (R, R.items, R.items.x ...) are
// not written by anyone unless a function or module reaches them too (a hook naming R, a module keeping it): then
// they are compared like the rest. What no script reaches cannot differ after an evaluation, and a script can
// only come to reach it through something it reached already, which is compared. An evaluation that hands a kept
// table to its scripts (LuaEvaluation.define(global:table:)) has everything compared.
//
// Not compared: a table's allocated size, which no script can read. A plan that grows a kept table and
// shrinks it back to the same entries in the same order leaves it kept; a later insertion into it may then
// iterate in another order than in a fresh table — the `pairs` order of a script's own tables is Lua's and
// never promised (ctx's read-only tables iterate in a fixed order).
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <stdint.h>
#include <string.h>

// Slots of a snapshot table.
enum {
    S_TABLES = 1,        // per kept table: the table, its metatable or false, then k1, v1, k2, v2, ... in lua_next order
    S_UPVALUES,          // per compared upvalue: the function, the value kept
    S_SHAPE,             // a userdata Shape: the counts and integers the comparison needs, in C memory
    S_ENV_FUNCTIONS,     // _ENV upvalues to rebind: the function,
    S_ENV_INDEXES,       //   the upvalue's index
    S_ROOT,              // the chunk's table
    S_MODULES,           // require cache entries: name -> value
    S_FIXED,             // the kept tables no script can reach -> true (unchanged for as long as they are kept)
    S_HOOKS,             // hook functions found once through those tables (clg_prepared_find_hook)
    S_COUNT = S_HOOKS
};

// What the comparison after each evaluation reads besides Lua values, as plain integers in C memory (read
// from Lua lists, each cost an API call and a conversion): per table its raw length, its entry count and
// whether it has a metatable, then per entry the kind and identity (kind_of) of its key and of its value; then
// per upvalue its index and the kind and identity of its value. The values themselves stay in S_TABLES and
// S_UPVALUES, which also keep them alive, so an identity (lua_topointer) always names the object kept.
enum { TABLE_LENGTH, TABLE_ENTRIES, TABLE_HAS_META, TABLE_REACHED, TABLE_HEADER };
enum { VALUE_KIND, VALUE_IDENTITY, VALUE_INTEGERS };
typedef struct {
    lua_Integer tables, upvalues, upvalueData;   // upvalueData: where the upvalues' integers start in data
    lua_Integer reached;                         // tables a script can reach (TABLE_REACHED), compared every time
    lua_Integer data[];
} Shape;

static char BASE_SET_KEY;   // registry: every table and function the sandbox's globals reach, -> true

// The shared library values: the allow-listed globals, the library proxies and what their data tables hold.
static void push_base_set(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &BASE_SET_KEY) == LUA_TTABLE) return;
    lua_pop(L, 1);
    luaL_checkstack(L, 8, NULL);
    lua_createtable(L, 0, 128);                          // [set]
    int set = lua_gettop(L);
    clg_push_base(L);                                    // [set, base]
    int base = lua_gettop(L);
    lua_pushvalue(L, base);
    lua_pushboolean(L, 1);
    lua_rawset(L, set);
    lua_pushnil(L);
    while (lua_next(L, base)) {                          // [set, base, k, v]
        int v = lua_gettop(L);
        if (lua_type(L, v) == LUA_TTABLE || lua_type(L, v) == LUA_TFUNCTION) {
            lua_pushvalue(L, v);
            lua_pushboolean(L, 1);
            lua_rawset(L, set);
        }
        if (lua_type(L, v) == LUA_TTABLE && clg_mark_of(L, v) == CLG_MARK_READONLY) {
            clg_push_readonly_data(L, v);                // [.., data]
            int data = lua_gettop(L);
            lua_pushvalue(L, data);
            lua_pushboolean(L, 1);
            lua_rawset(L, set);
            lua_pushnil(L);
            while (lua_next(L, data)) {
                if (lua_type(L, -1) == LUA_TFUNCTION || lua_type(L, -1) == LUA_TTABLE) {
                    lua_pushvalue(L, -1);
                    lua_pushboolean(L, 1);
                    lua_rawset(L, set);
                }
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);                                       // [set]
    lua_pushvalue(L, set);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &BASE_SET_KEY);
}

typedef struct {
    lua_State *L;
    int snapshot, seen, work, base, env, cells;
    int flat, ups, ints, upInts;         // S_TABLES, S_UPVALUES, and the Shape's integers while the walk fills them
    int roots;                           // what a script can start from: every kept function and module
    lua_Integer nflat, nups, nints, nupInts, nroots;
    lua_Integer pending, tables, upvalues, envs, entries, maxEntries;
    const char *refusal;
} Walk;

static void append(lua_State *L, int snapshot, int slot, int value) {
    lua_rawgeti(L, snapshot, slot);
    lua_pushvalue(L, value);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

static void append_integer(lua_State *L, int snapshot, int slot, lua_Integer n) {
    lua_pushinteger(L, n);
    append(L, snapshot, slot, lua_gettop(L));
    lua_pop(L, 1);
}

// Sets list[at] to the value at `value` (one list of the walk, counted by the caller).
static void put(lua_State *L, int list, lua_Integer at, int value) {
    lua_pushvalue(L, value);
    lua_rawseti(L, list, at);
}

static void put_integer(lua_State *L, int list, lua_Integer at, lua_Integer n) {
    lua_pushinteger(L, n);
    lua_rawseti(L, list, at);
}

// A value's kind (its Lua type, with integers apart from floats) and its identity within that kind: the object
// for a table, function, userdata, thread or string (lua_topointer), the value for a boolean or an integer, the
// bits for a float, 0 for nil.
enum { KIND_INTEGER = LUA_NUMTYPES };

static int kind_of(lua_State *L, int index, lua_Integer *identity) {
    int type = lua_type(L, index);
    switch (type) {
    case LUA_TNIL: *identity = 0; return type;
    case LUA_TBOOLEAN: *identity = lua_toboolean(L, index); return type;
    case LUA_TNUMBER:
        if (lua_isinteger(L, index)) { *identity = lua_tointeger(L, index); return KIND_INTEGER; }
        lua_Number number = lua_tonumber(L, index);
        memcpy(identity, &number, sizeof number);
        return type;
    default:
        *identity = (lua_Integer)(intptr_t)lua_topointer(L, index);
        return type;
    }
}

// Appends the kind and identity of the value at `index` to `list`.
static void put_identity(lua_State *L, int list, lua_Integer *count, int index) {
    lua_Integer identity;
    int kind = kind_of(L, index, &identity);
    put_integer(L, list, ++*count, kind);
    put_integer(L, list, ++*count, identity);
}

// Pushes list `slot` of the snapshot and returns its stack index.
static int push_slot(lua_State *L, int snapshot, int slot) {
    lua_rawgeti(L, snapshot, slot);
    return lua_gettop(L);
}

// Queues the value at `index` to be visited (values that cannot change need no visit).
static void queue(Walk *w, int index) {
    int t = lua_type(w->L, index);
    if (t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING) return;
    lua_pushvalue(w->L, index);
    lua_rawseti(w->L, w->work, ++w->pending);
}

static int count(Walk *w, lua_Integer n) {
    w->entries += n;
    if (w->entries > w->maxEntries) {
        w->refusal = "it holds more entries than are worth comparing after every evaluation";
        return 0;
    }
    return 1;
}

static int visit_table(Walk *w, int t) {
    lua_State *L = w->L;
    if (clg_mark_of(L, t)) {
        w->refusal = lua_rawequal(L, t, w->env) ? "it keeps the environment of the evaluation that built it"
                                                 : "it keeps a protected table of the evaluation that built it (such as sp or a host value)";
        return 0;
    }
    put(L, w->flat, ++w->nflat, t);
    lua_Integer metaAt = ++w->nflat;                      // set once the entries are queued (the walk's order)
    lua_Integer shapeAt = w->nints;
    w->nints += TABLE_HEADER;
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {                               // [k, v]
        put(L, w->flat, ++w->nflat, lua_gettop(L) - 1);
        put(L, w->flat, ++w->nflat, lua_gettop(L));
        put_identity(L, w->ints, &w->nints, lua_gettop(L) - 1);
        put_identity(L, w->ints, &w->nints, lua_gettop(L));
        queue(w, lua_gettop(L) - 1);
        queue(w, lua_gettop(L));
        lua_pop(L, 1);
        n++;
    }
    if (!count(w, n + 1)) return 0;
    int hasMeta = lua_getmetatable(L, t);
    if (hasMeta) {
        put(L, w->flat, metaAt, lua_gettop(L));
        queue(w, lua_gettop(L));
        lua_pop(L, 1);
    } else {
        lua_pushboolean(L, 0);
        lua_rawseti(L, w->flat, metaAt);
    }
    put_integer(L, w->ints, shapeAt + 1 + TABLE_LENGTH, (lua_Integer)lua_rawlen(L, t));
    put_integer(L, w->ints, shapeAt + 1 + TABLE_ENTRIES, n);
    put_integer(L, w->ints, shapeAt + 1 + TABLE_HAS_META, hasMeta);
    w->tables++;
    return 1;
}

static int visit_function(Walk *w, int f) {
    lua_State *L = w->L;
    if (lua_iscfunction(L, f)) {
        w->refusal = "it keeps a function of the host or of the evaluation that built it";
        return 0;
    }
    lua_Debug ar;
    lua_pushvalue(L, f);
    lua_getinfo(L, ">S", &ar);
    if (!ar.source || ar.source[0] != '@') {
        w->refusal = "it keeps a function of the evaluation that built it (such as one of sp)";
        return 0;
    }
    put(L, w->roots, ++w->nroots, f);
    for (int n = 1;; n++) {
        const char *name = lua_getupvalue(L, f, n);        // [value]
        if (!name) break;
        int v = lua_gettop(L);
        if (strcmp(name, "_ENV") == 0 && lua_rawequal(L, v, w->env)) {
            // One cell may be shared by many functions: rebind each cell once.
            lua_pushlightuserdata(L, lua_upvalueid(L, f, n));
            if (lua_rawget(L, w->cells) == LUA_TNIL) {
                lua_pushlightuserdata(L, lua_upvalueid(L, f, n));
                lua_pushboolean(L, 1);
                lua_rawset(L, w->cells);
                append(L, w->snapshot, S_ENV_FUNCTIONS, f);
                append_integer(L, w->snapshot, S_ENV_INDEXES, n);
                w->envs++;
            }
            lua_pop(L, 2);
            continue;
        }
        put(L, w->ups, ++w->nups, f);
        put(L, w->ups, ++w->nups, v);
        queue(w, v);
        put_integer(L, w->upInts, ++w->nupInts, n);
        put_identity(L, w->upInts, &w->nupInts, v);
        lua_pop(L, 1);
        w->upvalues++;
        if (!count(w, 1)) return 0;
    }
    return 1;
}

static int visit(Walk *w, int v) {
    lua_State *L = w->L;
    lua_pushvalue(L, v);
    if (lua_rawget(L, w->seen) != LUA_TNIL) { lua_pop(L, 1); return 1; }
    lua_pop(L, 1);
    lua_pushvalue(L, v);
    lua_pushboolean(L, 1);
    lua_rawset(L, w->seen);
    lua_pushvalue(L, v);
    int shared = lua_rawget(L, w->base) != LUA_TNIL;
    lua_pop(L, 1);
    if (shared) return 1;
    switch (lua_type(L, v)) {
    case LUA_TTABLE: return visit_table(w, v);
    case LUA_TFUNCTION: return visit_function(w, v);
    case LUA_TTHREAD: w->refusal = "it keeps a coroutine"; return 0;
    default: w->refusal = "it keeps a host value"; return 0;
    }
}

// Adds the value at `v` to the set at `reach` and the list at `work` unless it is there already, or cannot
// change (a plain value), or is the sandbox's (compared by no one), or is the evaluation's environment.
static void reach_value(Walk *w, int v, int reach, int work, lua_Integer *pending) {
    lua_State *L = w->L;
    int t = lua_type(L, v);
    if (t != LUA_TTABLE && t != LUA_TFUNCTION) return;
    if (lua_rawequal(L, v, w->env)) return;
    lua_pushvalue(L, v);
    int known = lua_rawget(L, reach) != LUA_TNIL;
    lua_pop(L, 1);
    if (known) return;
    lua_pushvalue(L, v);
    int shared = lua_rawget(L, w->base) != LUA_TNIL;
    lua_pop(L, 1);
    if (shared) return;
    lua_pushvalue(L, v);
    lua_pushboolean(L, 1);
    lua_rawset(L, reach);
    lua_pushvalue(L, v);
    lua_rawseti(L, work, ++*pending);
}

// Pushes the set of what a script can reach from the roots (see the top of this file): the closure over
// functions' upvalues and tables' keys, values and metatables. Runs after a walk that refused nothing, so
// everything met is a kept table or a Lua function of a Rules file.
static int reached_set(Walk *w) {
    lua_State *L = w->L;
    lua_createtable(L, 0, 64);
    int reach = lua_gettop(L);
    lua_createtable(L, 64, 0);
    int work = lua_gettop(L);
    lua_Integer pending = 0, done = 0;
    for (lua_Integer i = 1; i <= w->nroots; i++) {
        lua_rawgeti(L, w->roots, i);
        reach_value(w, lua_gettop(L), reach, work, &pending);
        lua_pop(L, 1);
    }
    while (done < pending) {
        lua_rawgeti(L, work, ++done);
        int v = lua_gettop(L);
        if (lua_type(L, v) == LUA_TFUNCTION) {
            for (int n = 1; lua_getupvalue(L, v, n); n++) {
                reach_value(w, lua_gettop(L), reach, work, &pending);
                lua_pop(L, 1);
            }
        } else {
            lua_pushnil(L);
            while (lua_next(L, v)) {
                reach_value(w, lua_gettop(L) - 1, reach, work, &pending);
                reach_value(w, lua_gettop(L), reach, work, &pending);
                lua_pop(L, 1);
            }
            if (lua_getmetatable(L, v)) {
                reach_value(w, lua_gettop(L), reach, work, &pending);
                lua_pop(L, 1);
            }
        }
        lua_settop(L, work);
    }
    lua_settop(L, reach);
    return reach;
}

// Sets each kept table's TABLE_REACHED from the set at `reach`, counting them; the others go in S_FIXED.
static void mark_reached(Walk *w, Shape *shape, int reach) {
    lua_State *L = w->L;
    lua_Integer *d = shape->data, at = 0;
    lua_rawgeti(L, w->snapshot, S_FIXED);
    int fixed = lua_gettop(L);
    for (lua_Integer i = 0; i < shape->tables; i++) {
        lua_rawgeti(L, w->flat, at + 1);
        lua_pushvalue(L, -1);
        int reached = lua_rawget(L, reach) != LUA_TNIL;
        lua_pop(L, 1);
        if (reached) {
            lua_pop(L, 1);
        } else {
            lua_pushboolean(L, 1);
            lua_rawset(L, fixed);
        }
        d[TABLE_REACHED] = reached;
        shape->reached += reached;
        at += 2 + 2 * d[TABLE_ENTRIES];
        d += TABLE_HEADER + 2 * VALUE_INTEGERS * d[TABLE_ENTRIES];
    }
    lua_pop(L, 1);
}

int clg_prepare(lua_State *L, int root, lua_Integer maxEntries) {
    root = lua_absindex(L, root);
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    luaL_checkstack(L, 28, NULL);
    int top = lua_gettop(L);
    Walk w = { .L = L, .maxEntries = maxEntries };
    lua_createtable(L, S_COUNT, 0);
    w.snapshot = lua_gettop(L);
    for (int slot = 1; slot <= S_COUNT; slot++) {
        lua_createtable(L, 0, 0);
        lua_rawseti(L, w.snapshot, slot);
    }
    lua_pushvalue(L, root);
    lua_rawseti(L, w.snapshot, S_ROOT);
    lua_createtable(L, 0, 64); w.seen = lua_gettop(L);
    lua_createtable(L, 64, 0); w.work = lua_gettop(L);
    lua_createtable(L, 0, 8); w.cells = lua_gettop(L);
    push_base_set(L); w.base = lua_gettop(L);
    clg_push_evaluation(L, CLG_EVAL_ENV); w.env = lua_gettop(L);
    w.flat = push_slot(L, w.snapshot, S_TABLES);
    w.ups = push_slot(L, w.snapshot, S_UPVALUES);
    lua_createtable(L, 64, 0); w.ints = lua_gettop(L);
    lua_createtable(L, 64, 0); w.upInts = lua_gettop(L);
    lua_createtable(L, 64, 0); w.roots = lua_gettop(L);
    clg_push_evaluation(L, CLG_EVAL_REQUIRE);
    int required = lua_gettop(L);
    queue(&w, root);
    if (lua_type(L, required) == LUA_TTABLE) {
        lua_rawgeti(L, w.snapshot, S_MODULES);
        int modules = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, required)) {                    // [.., modules, name, value]
            if (lua_type(L, -1) == LUA_TLIGHTUSERDATA) { w.refusal = "a module was still loading"; break; }
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, modules);
            queue(&w, lua_gettop(L));
            put(L, w.roots, ++w.nroots, lua_gettop(L));
            lua_pop(L, 1);
        }
        lua_settop(L, modules - 1);
    }
    lua_Integer done = 0;
    while (!w.refusal && done < w.pending) {
        lua_rawgeti(L, w.work, ++done);
        int ok = visit(&w, lua_gettop(L));
        lua_settop(L, required);
        lua_pushnil(L);
        lua_rawseti(L, w.work, done);
        if (!ok) break;
    }
    if (w.refusal) {
        lua_settop(L, top);
        lua_pushstring(L, w.refusal);
        g->hostDepth--;
        return 0;
    }
    lua_settop(L, required);
    int reach = reached_set(&w);
    Shape *shape = lua_newuserdatauv(L, sizeof(Shape) + (size_t)(w.nints + w.nupInts) * sizeof(lua_Integer), 0);
    shape->tables = w.tables;
    shape->upvalues = w.upvalues;
    shape->upvalueData = w.nints;
    shape->reached = 0;
    for (lua_Integer i = 1; i <= w.nints; i++) {
        lua_rawgeti(L, w.ints, i);
        shape->data[i - 1] = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    for (lua_Integer i = 1; i <= w.nupInts; i++) {
        lua_rawgeti(L, w.upInts, i);
        shape->data[w.nints + i - 1] = lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    mark_reached(&w, shape, reach);
    lua_rawseti(L, w.snapshot, S_SHAPE);
    lua_settop(L, w.snapshot);
    g->hostDepth--;
    return 1;
}

void clg_prepared_attach(lua_State *L, int snapshot) {
    snapshot = lua_absindex(L, snapshot);
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    luaL_checkstack(L, 8, NULL);
    int functions = push_slot(L, snapshot, S_ENV_FUNCTIONS);
    int indexes = push_slot(L, snapshot, S_ENV_INDEXES);
    lua_Integer n = (lua_Integer)lua_rawlen(L, functions);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, functions, i);
        lua_rawgeti(L, indexes, i);
        int up = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        clg_push_evaluation(L, CLG_EVAL_ENV);
        lua_setupvalue(L, -2, up);
        lua_pop(L, 1);
    }
    lua_settop(L, functions - 1);
    clg_push_evaluation(L, CLG_EVAL_REQUIRE);
    int cache = lua_gettop(L);
    if (lua_type(L, cache) == LUA_TTABLE) {
        lua_rawgeti(L, snapshot, S_MODULES);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, cache);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_rawgeti(L, snapshot, S_ROOT);
    g->hostDepth--;
}

// 1 when the value at `index` (absolute) is the one kept at flat[at], whose kind and identity are `kept`: the
// same object, or the same boolean, integer or float bits. Of two strings of another identity, a long string may
// still have the same text: lua_rawequal says. Stricter than lua_rawequal for numbers, as a script sees them:
// 0 is not 0.0 (math.type), nor 0.0 -0.0 (1/x), and a NaN left as it was is unchanged.
static int same_value(lua_State *L, int index, const lua_Integer *kept, int flat, lua_Integer at) {
    lua_Integer identity;
    int kind = kind_of(L, index, &identity);
    if (kind != (int)kept[VALUE_KIND]) return 0;
    if (identity == kept[VALUE_IDENTITY]) return 1;
    if (kind != LUA_TSTRING) return 0;
    lua_rawgeti(L, flat, at);
    int same = lua_rawequal(L, index, -1);
    lua_pop(L, 1);
    return same;
}

// Every kept table as the snapshot took it: its raw length, its metatable, and its entries, the same keys with
// the same values in the same lua_next order, none more. Returns with the stack as it found it only on success.
static int tables_unchanged(lua_State *L, int flat, const Shape *shape, int all) {
    int t = lua_gettop(L) + 1;
    const lua_Integer *d = shape->data;
    lua_Integer at = 0;
    for (lua_Integer i = 0; i < shape->tables; i++) {
        const lua_Integer *header = d;
        d += TABLE_HEADER;
        if (!all && !header[TABLE_REACHED]) {              // no script reaches it: it cannot differ
            at += 2 + 2 * header[TABLE_ENTRIES];
            d += 2 * VALUE_INTEGERS * header[TABLE_ENTRIES];
            continue;
        }
        lua_rawgeti(L, flat, ++at);                        // [t]
        if ((lua_Integer)lua_rawlen(L, t) != header[TABLE_LENGTH]) return 0;
        at++;                                              // the metatable or false
        if (header[TABLE_HAS_META]) {
            lua_rawgeti(L, flat, at);                      // [t, metatable]
            if (!lua_getmetatable(L, t) || !lua_rawequal(L, -1, -2)) return 0;
            lua_settop(L, t);
        } else if (lua_getmetatable(L, t)) {
            return 0;
        }
        lua_pushnil(L);                                    // [t, nil]
        for (lua_Integer left = header[TABLE_ENTRIES]; left > 0; left--) {
            if (!lua_next(L, t)) return 0;                 // [t, k, v]: fewer entries than before
            if (!same_value(L, t + 1, d, flat, ++at)) return 0;
            d += VALUE_INTEGERS;
            if (!same_value(L, t + 2, d, flat, ++at)) return 0;
            d += VALUE_INTEGERS;
            lua_settop(L, t + 1);                          // [t, k]
        }
        if (lua_next(L, t)) return 0;                      // an entry more than before
        lua_settop(L, t - 1);
    }
    return 1;
}

// Every compared upvalue holds the value kept.
static int upvalues_unchanged(lua_State *L, int ups, const Shape *shape) {
    int f = lua_gettop(L) + 1;
    const lua_Integer *d = shape->data + shape->upvalueData;
    lua_Integer at = 0;
    for (lua_Integer i = 0; i < shape->upvalues; i++, d += 1 + VALUE_INTEGERS) {
        lua_rawgeti(L, ups, ++at);                         // [f]
        if (!lua_getupvalue(L, f, (int)d[0])) return 0;    // [f, value]
        if (!same_value(L, f + 1, d + 1, ups, ++at)) return 0;
        lua_settop(L, f - 1);
    }
    return 1;
}

int clg_prepared_unchanged(lua_State *L, int snapshot, int all) {
    snapshot = lua_absindex(L, snapshot);
    CLGGuard *g = clg_guard(L);
    g->hostDepth++;
    luaL_checkstack(L, 16, NULL);
    int top = lua_gettop(L);
    lua_rawgeti(L, snapshot, S_SHAPE);
    const Shape *shape = lua_touserdata(L, -1);
    int flat = push_slot(L, snapshot, S_TABLES);
    int ups = push_slot(L, snapshot, S_UPVALUES);
    int same = tables_unchanged(L, flat, shape, all);
    lua_settop(L, ups);
    if (same) same = upvalues_unchanged(L, ups, shape);
    lua_settop(L, top);
    g->hostDepth--;
    return same;
}

void clg_prepared_counts(lua_State *L, int snapshot, lua_Integer *tables, lua_Integer *reached) {
    lua_rawgeti(L, snapshot, S_SHAPE);
    const Shape *shape = lua_touserdata(L, -1);
    *tables = shape ? shape->tables : 0;
    *reached = shape ? shape->reached : 0;
    lua_pop(L, 1);
}

int clg_prepared_find_hook(lua_State *L, int snapshot, const int *keys, int count) {
    snapshot = lua_absindex(L, snapshot);
    if (count < 1 || !lua_checkstack(L, 8)) return 0;
    int top = lua_gettop(L);
    lua_rawgeti(L, snapshot, S_FIXED);                 // [fixed]
    int fixed = top + 1;
    lua_rawgeti(L, snapshot, S_ROOT);                  // [fixed, table]
    int found = 1;
    for (int step = 0; found && step < count; step++) {
        int t = lua_gettop(L);
        lua_pushvalue(L, t);
        found = lua_type(L, t) == LUA_TTABLE && lua_rawget(L, fixed) != LUA_TNIL
                && lua_rawgeti(L, LUA_REGISTRYINDEX, keys[step]) == LUA_TSTRING;
        if (!found) break;
        lua_rawget(L, t);                              // [fixed, table, true, value]
        lua_replace(L, t);                             // [fixed, value, true]
        lua_settop(L, t);
    }
    if (!found || lua_type(L, -1) != LUA_TFUNCTION) {
        lua_settop(L, top);
        return 0;
    }
    lua_rawgeti(L, snapshot, S_HOOKS);                 // [fixed, function, hooks]
    lua_Integer slot = (lua_Integer)lua_rawlen(L, -1) + 1;
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, slot);
    lua_settop(L, top);
    return (int)slot;
}

int clg_prepared_hooks_ref(lua_State *L, int snapshot) {
    lua_rawgeti(L, snapshot, S_HOOKS);
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

// The hook list stays below the function, as clg_push_path leaves the tables it walked (the caller drops them
// with what it called), which saves moving the function down over it.
int clg_prepared_push_hook(lua_State *L, int hooks, int slot) {
    if (!lua_checkstack(L, 8)) return 0;
    clg_push_message_handler(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, hooks);
    lua_rawgeti(L, -1, slot);
    return 1;
}

// Whether the value at `index` is the same in every evaluation of this state, for clg_same_in_every_evaluation: a
// plain value, a shared library value, a host function the runtime keeps (a negative number: LuaKeptFunction), or a
// Lua function whose upvalues all are so, none of them an environment. `depth` bounds the functions looked into (one
// beyond it is refused, as is anything else).
static int same_in_every_evaluation(lua_State *L, int index, int set, int depth) {
    index = lua_absindex(L, index);
    int type = lua_type(L, index);
    if (type == LUA_TNIL || type == LUA_TBOOLEAN || type == LUA_TNUMBER || type == LUA_TSTRING) return 1;
    if (clg_is_hostfunction(L, index)) {
        lua_getupvalue(L, index, 1);
        int kept = lua_tointeger(L, -1) < 0;
        lua_pop(L, 1);
        return kept;
    }
    if (type == LUA_TFUNCTION && !lua_iscfunction(L, index) && depth > 0) {
        for (int n = 1;; n++) {
            const char *name = lua_getupvalue(L, index, n);
            if (!name) return 1;
            int same = strcmp(name, "_ENV") != 0 && same_in_every_evaluation(L, -1, set, depth - 1);
            lua_pop(L, 1);
            if (!same) return 0;
        }
    }
    lua_pushvalue(L, index);
    int shared = lua_rawget(L, set) != LUA_TNIL;
    lua_pop(L, 1);
    return shared;
}

int clg_same_in_every_evaluation(lua_State *L, int table) {
    table = lua_absindex(L, table);
    luaL_checkstack(L, 16, NULL);
    if (lua_type(L, table) != LUA_TTABLE) return 0;
    if (lua_getmetatable(L, table)) {
        lua_pop(L, 1);
        return 0;
    }
    push_base_set(L);                                    // [set]
    int set = lua_gettop(L);
    int same = 1;
    lua_pushnil(L);
    while (lua_next(L, table)) {                         // [set, k, v]
        same = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) != LUA_TTABLE && same_in_every_evaluation(L, -1, set, 4);
        lua_pop(L, 1);                                   // [set, k]
        if (!same) break;
    }
    lua_settop(L, set - 1);
    return same;
}
