-- What building the bench-100 plan's ctx costs in plain Lua 5.4, with no host at all:
--
--   lua5.4 bench/ctx-floor.lua [N]      build the ctx of N plans (default 5000) both ways
--
-- Each of the 100 instances gets what the engine gives it: a ctx, its item and the item's values.
-- "read-only" builds each as the engine does (docs/architecture.md): a hidden data table with a shared
-- strict metatable, and an empty proxy whose own metatable (__index = the data, plus __newindex,
-- __len, __pairs, __metatable and a mark) refuses writes — three tables per value a script can reach,
-- since Lua 5.4 has no read-only table. "plain" builds the same data as ordinary tables, as
-- bench/plan-baseline.lua prebuilds them once. The difference is the floor the read-only design puts
-- under every plan, before any hook runs or any host code is counted.
--
-- Output:
--   readonly_us_per_plan=<number>
--   plain_us_per_plan=<number>
-- luacheck: std lua54

local N = math.tointeger(tonumber(arg and arg[1] or "")) or 5000

local function refuse() error("read-only") end
local function length() return 0 end
local function iterate() return next, {}, nil end
local MARK = {}
local strict = { __index = function() return nil end }

local function readonly(data)
  setmetatable(data, strict)
  return setmetatable({}, {
    __index = data, __newindex = refuse, __len = length, __pairs = iterate,
    __metatable = "protected", [MARK] = 1,
  })
end

local shared = { client = {}, plan = {}, schema = {}, section = {} }
local texts = {}
for i = 1, 100 do texts[i] = "value " .. i end

local function build(wrap)
  local contexts = {}
  for i = 1, 100 do
    local values = wrap({ value = texts[i], note = texts[i], count = i })
    local item = wrap({ key = "f001", instance = 1, kind = "fields", status = "open", values = values, records = shared.plan })
    contexts[i] = wrap({
      today = "2026-11-27", client = shared.client, plan = shared.plan, schema = shared.schema,
      item = item, section = shared.section,
    })
  end
  return contexts
end

local function measure(wrap)
  for _ = 1, math.min(N, 500) do build(wrap) end -- warm up
  local start = os.clock()
  for _ = 1, N do build(wrap) end
  return (os.clock() - start) * 1e6 / N
end

print(string.format("readonly_us_per_plan=%.1f", measure(readonly)))
print(string.format("plain_us_per_plan=%.1f", measure(function(data) return data end)))
