-- Plain Lua 5.4 baseline for the cost of one hook call (issue 4):
--
--   lua5.4 bench/hook-baseline.lua [N]      call the hook N times (default 10000000)
--
-- One hook reading one ctx field, `ctx.client.profile.takes_medication`, from a
-- prebuilt plain table (no proxy, no read-only guard, no sandbox, no limits).
-- Compare with the engine's cost for the same hook through its lazy, read-only ctx.
--
-- Output:
--   ns_per_call=<number>
-- luacheck: std lua54

local N = math.tointeger(tonumber(arg and arg[1] or "")) or 10000000

local ctx = {
  today = "2026-11-27",
  client = {
    id = "C-0001", name = "Ada Nguyen",
    profile = { first_name = "Ada", date_of_birth = "1990-03-01", takes_medication = true, uses_aac = false },
  },
}

-- The hook, as a rules.lua would write it.
local visible = function(c) return c.client.profile.takes_medication == true end

local shown = 0
for _ = 1, math.min(N, 100000) do if visible(ctx) then shown = shown + 1 end end -- warm up

shown = 0
local start = os.clock()
for _ = 1, N do
  if visible(ctx) then shown = shown + 1 end
end
local elapsed = os.clock() - start
assert(shown == N)
print(string.format("ns_per_call=%.2f", elapsed * 1e9 / N))
