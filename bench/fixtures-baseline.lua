-- Plain Lua 5.4 baseline for the fixtures-at-scale workload (issue 18):
--
--   lua5.4 bench/fixtures-baseline.lua DATA.lua [RULES_DIR]
--
-- DATA.lua is the data file supportplan-bench writes beside the synthetic YAML fixtures
-- (`return { {id, name, profile, records, values, visible, failing}, ... }`): the same
-- clients and item values, as Lua tables. RULES_DIR defaults to bench/plan-rules.
--
-- For each fixture, what `supportplan test` runs of the bench-100 rules: the `default`
-- hook of every item when the plan is made, then one evaluation (each item's `visible`,
-- `default` and `complete`): 400 hook calls. Over prebuilt plain tables: no proxies, no
-- read-only guard, no sandbox, no limits, no YAML. The answers are checked against the
-- totals the generator computed, so a wrong baseline can't look fast.
--
-- Output:
--   seconds=<CPU seconds for all fixtures>       (os.clock, one core)
--   load_seconds=<CPU seconds to load DATA.lua>  (compiling the constructor: not part of `seconds`)
--   fixtures=<n>  visible=<n>  failing=<n>
-- luacheck: std lua54

local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local data_path = assert(arg[1], "usage: lua5.4 fixtures-baseline.lua DATA.lua [RULES_DIR]")
local rules_dir = arg[2] or (here .. "/plan-rules")

local sp = {}
function sp.blank(v)
  if v == nil or v == "" then return true end
  return type(v) == "table" and next(v) == nil
end

local env = setmetatable({ sp = sp }, { __index = _G })
local R = assert(loadfile(rules_dir .. "/bench-100/rules.lua", "t", env))()

local load_start = os.clock()
local fixtures = assert(loadfile(data_path, "t", {}))()
local load_seconds = os.clock() - load_start

local KEYS, hooks, sections = {}, {}, {}
for i = 1, 100 do
  KEYS[i] = string.format("f%03d", i)
  hooks[i] = R.items[KEYS[i]]
end
for s = 1, 10 do sections[s] = { key = string.format("s%02d", s), title = "Section " .. s } end

-- Prebuilt per fixture, before the clock starts: the client and plan as the hooks see them.
local prepared = {}
for n, f in ipairs(fixtures) do
  local items, by_key = {}, {}
  for i = 1, 100 do
    items[i] = { key = KEYS[i], instance = 1, kind = "fields", status = "open", records = {}, values = f.values[i] }
    by_key[KEYS[i]] = items[i]
  end
  local records = f.records
  local client = {
    id = f.id, name = f.name, profile = f.profile,
    records = function(type)
      local out = {}
      for _, r in ipairs(records) do if r.type == type then out[#out + 1] = r end end
      return out
    end,
  }
  local plan = {
    id = "SP-FIXTURE", status = "draft", template = "bench-100", template_version = 1,
    item = function(key, instance)
      if (instance or 1) ~= 1 then return nil end
      return by_key[key]
    end,
  }
  prepared[n] = { items = items, ctx = { today = "2026-11-27", client = client, plan = plan } }
end

local function run_fixture(p)
  local ctx, items = p.ctx, p.items
  for i = 1, 100 do -- the plan is made: every instance's default
    ctx.item = items[i]
    ctx.section = sections[(i - 1) // 10 + 1]
    hooks[i].default(ctx)
  end
  local visible, failing = 0, 0
  for i = 1, 100 do -- one evaluation
    local h = hooks[i]
    ctx.item = items[i]
    ctx.section = sections[(i - 1) // 10 + 1]
    local shown = h.visible(ctx)
    h.default(ctx)
    local ok = h.complete(ctx)
    if shown then
      visible = visible + 1
      if not ok then failing = failing + 1 end
    end
  end
  return visible, failing
end

local start = os.clock()
local visible, failing = 0, 0
for n = 1, #prepared do
  local v, f = run_fixture(prepared[n])
  visible, failing = visible + v, failing + f
end
local elapsed = os.clock() - start

local want_visible, want_failing = 0, 0
for _, f in ipairs(fixtures) do want_visible, want_failing = want_visible + f.visible, want_failing + f.failing end
assert(visible == want_visible and failing == want_failing,
  string.format("unexpected answers: %d visible, %d failing (want %d, %d)", visible, failing, want_visible, want_failing))

print(string.format("seconds=%.6f", elapsed))
print(string.format("load_seconds=%.6f", load_seconds))
print(string.format("fixtures=%d", #fixtures))
print(string.format("visible=%d", visible))
print(string.format("failing=%d", failing))
