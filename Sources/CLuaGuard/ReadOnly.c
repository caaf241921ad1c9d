// Protected metatables and read-only value proxies: an empty table whose metatable reads a hidden
// data table, refuses writes and answers `getmetatable` with a tag.
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <stdlib.h>
#include <string.h>

static char MARK_KEY;     // in a proxy's metatable: one of CLG_MARK_*

int clg_mark_of(lua_State *L, int index) {
    if (!lua_getmetatable(L, index)) return 0;
    int mark = lua_rawgetp(L, -1, &MARK_KEY) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 2);
    return mark;
}

static const char *key_text(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER)
        return lua_pushfstring(L, "'%s'", lua_tostring(L, index));
    return lua_pushfstring(L, "of type %s", luaL_typename(L, index));
}

int clg_readonly_newindex(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    const char *k = key_text(L, 3);
    return luaL_error(L, "attempt to modify read-only table (key %s)", k);
}

void clg_set_protection(lua_State *L, int mark) {
    // metatable at the top
    lua_pushcfunction(L, clg_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushinteger(L, mark);
    lua_rawsetp(L, -2, &MARK_KEY);
}

void clg_push_readonly_data(lua_State *L, int proxy) {
    lua_getmetatable(L, proxy);
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

static int readonly_len(lua_State *L) {
    clg_push_readonly_data(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

// pairs() visits a read-only table in one fixed order — list positions 1..n, then the string keys by
// their bytes, then any other key — so a hook that builds text from pairs() gives the same text in
// every run (Lua's own order follows string hashes, which are seeded per state). The data table and
// the list of keys are upvalues of the iterator, never values a script receives: handing out the data
// table as the loop's state would let `select(2, pairs(proxy))` write it.
typedef struct { const char *text; size_t length; } KeyText;

static int compare_keys(const void *a, const void *b) {
    const KeyText *x = a, *y = b;
    size_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(x->text, y->text, n);
    if (c) return c;
    return x->length < y->length ? -1 : x->length > y->length;
}

// Upvalues: 1 the data table, 2 the keys in order, 3 the position reached.
static int ordered_next(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(1));
    return 2;
}

static int is_position(lua_State *L, int index, lua_Integer n) {
    if (!lua_isinteger(L, index)) return 0;
    lua_Integer k = lua_tointeger(L, index);
    return k >= 1 && k <= n;
}

static int readonly_pairs(lua_State *L) {
    luaL_checkstack(L, 10, NULL);
    clg_push_readonly_data(L, 1);                          // [proxy, data]
    int data = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, data);
    int strings = 0;
    lua_pushnil(L);
    while (lua_next(L, data)) {
        lua_pop(L, 1);
        if (!is_position(L, -1, n) && lua_type(L, -1) == LUA_TSTRING) strings++;
    }
    lua_createtable(L, (int)n + strings, 0);               // [proxy, data, keys]
    int keys = lua_gettop(L);
    lua_createtable(L, 0, 0);                              // [.., keys, others]
    int others = lua_gettop(L);
    KeyText *texts = lua_newuserdatauv(L, sizeof(KeyText) * (size_t)(strings ? strings : 1), 0);
    int found = 0;
    lua_Integer other = 0;
    lua_pushnil(L);
    while (lua_next(L, data)) {
        lua_pop(L, 1);
        if (is_position(L, -1, n)) continue;
        if (lua_type(L, -1) == LUA_TSTRING && found < strings) {
            texts[found].text = lua_tolstring(L, -1, &texts[found].length);   // kept alive by the data table
            found++;
        } else {
            lua_pushvalue(L, -1);
            lua_rawseti(L, others, ++other);
        }
    }
    clg_charge(L, n + found + other);
    qsort(texts, (size_t)found, sizeof(KeyText), compare_keys);
    lua_Integer position = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_pushinteger(L, i);
        lua_rawseti(L, keys, ++position);
    }
    for (int i = 0; i < found; i++) {
        lua_pushlstring(L, texts[i].text, texts[i].length);
        lua_rawseti(L, keys, ++position);
    }
    for (lua_Integer i = 1; i <= other; i++) {
        lua_rawgeti(L, others, i);
        lua_rawseti(L, keys, ++position);
    }
    lua_settop(L, keys);                                   // [proxy, data, keys]
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

// Every read-only proxy's metatable holds the same five entries beside its own __index: they are kept
// as key, value pairs in one registry list (made at installation), so making a metatable copies them
// by position instead of looking each name up as a C string.
static char TEMPLATE_KEY;
enum { TEMPLATE_INDEX = 1, TEMPLATE_FIRST_PAIR = 2, TEMPLATE_LAST = 11 };

// Sets template[i] = key and template[i + 1] = the value at the top (popped); the template is below it.
static void template_pair(lua_State *L, int i, const char *key) {
    lua_pushstring(L, key);
    lua_rawseti(L, -3, i);
    lua_rawseti(L, -2, i + 1);
}

void clg_create_readonly_template(lua_State *L) {
    lua_createtable(L, TEMPLATE_LAST, 0);
    lua_pushliteral(L, "__index");
    lua_rawseti(L, -2, TEMPLATE_INDEX);
    lua_pushcfunction(L, readonly_len);
    template_pair(L, 2, "__len");
    lua_pushcfunction(L, readonly_pairs);
    template_pair(L, 4, "__pairs");
    lua_pushcfunction(L, clg_readonly_newindex);
    template_pair(L, 6, "__newindex");
    lua_pushliteral(L, CLG_PROTECTED);
    template_pair(L, 8, "__metatable");
    lua_pushlightuserdata(L, &MARK_KEY);
    lua_rawseti(L, -2, 10);
    lua_pushinteger(L, CLG_MARK_READONLY);
    lua_rawseti(L, -2, TEMPLATE_LAST);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &TEMPLATE_KEY);
}

void clg_make_readonly(lua_State *L) {
    luaL_checkstack(L, 6, NULL);
    lua_createtable(L, 0, 0);            // [data, proxy]
    lua_createtable(L, 0, 6);            // [data, proxy, mt]
    // The template exists from the first line of installation on (clg_install_sandbox makes it first).
    lua_rawgetp(L, LUA_REGISTRYINDEX, &TEMPLATE_KEY);   // [data, proxy, mt, template]
    lua_rawgeti(L, -1, TEMPLATE_INDEX);
    lua_pushvalue(L, -5);
    lua_rawset(L, -4);                   // mt.__index = data
    for (int i = TEMPLATE_FIRST_PAIR; i < TEMPLATE_LAST; i += 2) {
        lua_rawgeti(L, -1, i);
        lua_rawgeti(L, -2, i + 1);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);                       // [data, proxy, mt]
    lua_setmetatable(L, -2);             // [data, proxy]
    lua_remove(L, -2);
}

void clg_copy_readonly_entries(lua_State *L, int target) {
    target = lua_absindex(L, target);
    luaL_checkstack(L, 6, NULL);
    if (clg_mark_of(L, -1) != CLG_MARK_READONLY) {
        lua_pop(L, 1);
        return;
    }
    clg_push_readonly_data(L, -1);       // [proxy, data]
    lua_pushnil(L);
    while (lua_next(L, -2)) {            // [proxy, data, key, value]
        lua_pushvalue(L, -2);
        lua_insert(L, -2);               // [proxy, data, key, key, value]
        lua_rawset(L, target);           // [proxy, data, key]
    }
    lua_pop(L, 2);
}

// Strict reads: a data table may carry a metatable whose __index answers only the keys the table
// lacks, so a hit stays a plain table read in the VM and only a miss reaches C. A known key (or any
// key that is not a string, so a list read past its end) reads nil; an unknown string key raises
// prefix .. key .. suffix, with the closest known key within two edits as a did-you-mean. The
// metatable hangs on the data table, which no script can reach, and the function gets the data table
// only as its own C argument.

enum { STRICT_NAME_MAX = 64 };

static size_t edit_distance(const char *a, size_t m, const char *b, size_t n) {
    size_t row[STRICT_NAME_MAX + 1];
    for (size_t j = 0; j <= n; j++) row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best) best = above + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[n];
}

// Upvalues: 1 the known keys (positions 1..n in order, and each key → true), 2 prefix, 3 suffix.
static int strict_index(lua_State *L) {
    lua_settop(L, 2);                                      // [data, key]
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 0;
    size_t length;
    const char *key = lua_tolstring(L, 2, &length);
    luaL_checkstack(L, 8, NULL);
    luaL_where(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 2);
    lua_pushvalue(L, lua_upvalueindex(3));
    int parts = 4;
    if (length <= STRICT_NAME_MAX) {
        size_t best = 3;   // within two edits
        lua_pushnil(L);
        int suggestion = lua_gettop(L);
        for (lua_Integer i = 1; lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TSTRING; i++) {
            size_t n;
            const char *known = lua_tolstring(L, -1, &n);
            size_t d = n <= STRICT_NAME_MAX ? edit_distance(key, length, known, n) : best;
            if (d < best) {
                best = d;
                lua_replace(L, suggestion);
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);                                     // the nil that ended the list
        if (lua_isstring(L, suggestion)) {
            lua_pushfstring(L, " (did you mean '%s'?)", lua_tostring(L, suggestion));
            lua_replace(L, suggestion);
            parts++;
        } else {
            lua_pop(L, 1);
        }
    }
    lua_concat(L, parts);
    return lua_error(L);
}

void clg_push_strict_metatable(lua_State *L) {
    // [keys, prefix, suffix]
    luaL_checkstack(L, 4, NULL);
    lua_pushcclosure(L, strict_index, 3);
    lua_createtable(L, 0, 1);
    lua_insert(L, -2);
    lua_setfield(L, -2, "__index");
}

// Recycled read-only tables. An engine evaluates plan after plan, and every plan's ctx has the same parts
// (a ctx, an item and its values per instance): making the three tables of each read-only value afresh and
// collecting them after the plan was a fifth of a plan. A table the host marks recyclable, under a small key
// naming the same part of every plan, is kept here after its evaluation; the next evaluation that asks for
// that key empties its data table and writes it afresh, so the proxy, its metatable and the data table are
// made once per engine. Nothing of one plan reaches the next through them: a script receives the proxy only
// after this evaluation rewrote it, and every place a script could have kept it in an earlier evaluation
// (that evaluation's environment, or the kept rules table, compared after every plan by Prepared.c) is gone
// or proven untouched before the next evaluation runs a line.
// CLGGuard.recycledRef: [2k - 1] = key k's proxy, [2k] = its data table

// Pushes the recycled list and key k's proxy above it and returns 1, or pushes nothing and returns 0 when none is kept.
static int push_recycled_proxy(lua_State *L, lua_Integer key) {
    if (clg_push_slot(L, clg_guard(L)->recycledRef) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    // Position 2k - 1 holds key k's proxy and 2k its data table, so neither is looked for through a metatable.
    if (lua_rawgeti(L, -1, 2 * key - 1) != LUA_TTABLE) {
        lua_pop(L, 2);
        return 0;
    }
    return 1;
}

int clg_recycled_begin(lua_State *L, lua_Integer key, int empty) {
    luaL_checkstack(L, 6, NULL);
    if (!push_recycled_proxy(L, key)) return 0;
    lua_rawgeti(L, -2, 2 * key);         // [recycled, proxy, data]
    lua_remove(L, -3);                   // [proxy, data]: the proxy stays below while data is rewritten
    if (empty) clg_clear_table(L);
    return 1;
}

void clg_clear_table(lua_State *L) {
    luaL_checkstack(L, 3, NULL);
    int data = lua_gettop(L);
    // Assigning nil to a present key is allowed while traversing (the manual's `next`).
    lua_pushnil(L);
    while (lua_next(L, data)) {          // [data, key, value]
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, data);
    }
}

void clg_recycled_keep(lua_State *L, lua_Integer key) {
    // [proxy], which stays
    luaL_checkstack(L, 4, NULL);
    if (clg_push_slot(L, clg_guard(L)->recycledRef) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 128, 0);
        lua_pushvalue(L, -1);
        clg_set_slot(L, &clg_guard(L)->recycledRef);
    }
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, 2 * key - 1);
    clg_push_readonly_data(L, -2);
    lua_rawseti(L, -2, 2 * key);
    lua_pop(L, 1);
}

int clg_recycled_push(lua_State *L, lua_Integer key) {
    if (!lua_checkstack(L, 3) || !push_recycled_proxy(L, key)) return 0;
    lua_remove(L, -2);
    return 1;
}

void clg_recycled_drop(lua_State *L) {
    if (clg_guard(L)->recycledRef <= 0) return;
    lua_pushboolean(L, 0);
    clg_set_slot(L, &clg_guard(L)->recycledRef);
}
