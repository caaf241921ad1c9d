-- luacheck configuration for the Rules folder: `luacheck Rules` (or `cd Rules && luacheck .`).
-- Rules run in a sandbox with Lua 5.4's base library, string, table, math and
-- utf8, plus the read-only global `sp`. Any other global is an error in the
-- engine, so luacheck reports it too.
std = "lua54"
read_globals = { "sp" }
allow_defined_top = false
max_line_length = 120

-- The LuaLS annotation file declares `sp` (it is never loaded by the engine).
files[".types/supportplan.lua"] = { globals = { "sp" }, unused_args = false }
