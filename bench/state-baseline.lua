-- Plain Lua 5.4 baseline for the state benchmark (supportplan-bench state):
--
--   lua5.4 bench/state-baseline.lua FILE [N]      compile FILE's text N times (default 1000)
--
-- Plain Lua cannot create a fresh state from a script, so this is the compile part only:
-- `load` of the same ~20 KB rules text the Swift side compiles into a new LuaRuntime.
--
-- Output:
--   us_per_load=<number>
-- luacheck: std lua54

local path = assert(arg and arg[1], "usage: lua5.4 bench/state-baseline.lua FILE [N]")
local N = math.tointeger(tonumber(arg[2] or "")) or 1000
local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()

for _ = 1, math.min(N, 50) do assert(load(text, "@Rules/all/rules.lua", "t")) end -- warm up

local start = os.clock()
for _ = 1, N do assert(load(text, "@Rules/all/rules.lua", "t")) end
local elapsed = os.clock() - start
print(string.format("us_per_load=%.2f", elapsed * 1e6 / N))
