// Installation: the allow-listed globals, the guarded libraries behind read-only proxies, and no
// way left back to the unrestricted globals or the loaded-library registry.
#include "Internal.h"
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

static void wrap_field(lua_State *L, const char *name, lua_CFunction guard) {
    // table at the top: replaces table[name] by guard with the original as upvalue 1
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, guard, 1);
    lua_setfield(L, -2, name);
}

static void remove_field(lua_State *L, const char *name) {
    lua_pushnil(L);
    lua_setfield(L, -2, name);
}

static void set_function(lua_State *L, const char *name, lua_CFunction f) {
    lua_pushcfunction(L, f);
    lua_setfield(L, -2, name);
}

// Puts a protected proxy of the library table at the top into BASE (at -2) as `name`.
static void publish_library(lua_State *L, const char *name) {
    clg_make_readonly(L);
    lua_setfield(L, -2, name);
}

void clg_install_sandbox(lua_State *L) {
    static const char *const allowed[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
        "rawget", "rawlen", "select", "tonumber", "tostring", "type", "_VERSION", NULL,
    };
    luaL_checkstack(L, 16, NULL);
    clg_create_readonly_template(L);               // before any library is made read-only
    luaL_requiref(L, "_G", luaopen_base, 0);       // [G]
    lua_createtable(L, 0, 32);                     // [G, BASE]
    for (int i = 0; allowed[i]; i++) {
        lua_getfield(L, -2, allowed[i]);
        lua_setfield(L, -2, allowed[i]);
    }
    lua_getfield(L, -2, "rawset");
    lua_pushcclosure(L, clg_guarded_rawset, 1);
    lua_setfield(L, -2, "rawset");
    lua_getfield(L, -2, "setmetatable");
    lua_pushcclosure(L, clg_guarded_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_getfield(L, -2, "xpcall");
    lua_pushcclosure(L, clg_guarded_xpcall, 1);
    lua_setfield(L, -2, "xpcall");
    set_function(L, "print", clg_print_to_log);
    set_function(L, "require", clg_require_module);

    luaL_requiref(L, "string", luaopen_string, 0);     // [G, BASE, string]
    remove_field(L, "dump");
    wrap_field(L, "rep", clg_guarded_rep);
    clg_install_string(L);
    // The string metatable reads the real table; scripts only ever see the proxy.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);                           // [.., string, "", smt]
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, CLG_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    publish_library(L, "string");

    luaL_requiref(L, "table", luaopen_table, 0);
    set_function(L, "insert", clg_table_insert);
    set_function(L, "remove", clg_table_remove);
    set_function(L, "move", clg_table_move);
    set_function(L, "concat", clg_table_concat);
    wrap_field(L, "sort", clg_guarded_sort);
    publish_library(L, "table");

    luaL_requiref(L, "math", luaopen_math, 0);
    remove_field(L, "random");
    remove_field(L, "randomseed");
    publish_library(L, "math");

    luaL_requiref(L, "utf8", luaopen_utf8, 0);
    publish_library(L, "utf8");

    luaL_requiref(L, "coroutine", luaopen_coroutine, 0);
    wrap_field(L, "create", clg_guarded_cocreate);
    wrap_field(L, "wrap", clg_guarded_cocreate);
    wrap_field(L, "close", clg_guarded_coclose);
    publish_library(L, "coroutine");

    clg_set_base(L);                                   // [G]
    lua_pop(L, 1);
    clg_create_object_metatable(L);
    // Nothing reachable keeps the unrestricted globals or the loaded-library registry.
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
}
