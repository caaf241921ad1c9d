-- Plain Lua 5.4 baseline for the engine benchmark of issue 4:
--
--   lua5.4 bench/plan-baseline.lua [N]            evaluate the 100-item plan N times (default 20000)
--   lua5.4 bench/plan-baseline.lua --fixture      print the same client and plan as a rule fixture
--
-- The plan, client and ctx are prebuilt plain Lua tables (no proxies, no
-- read-only guard, no sandbox, no limits): the fastest the same hooks can run.
-- The hooks are bench/plan-rules/bench-100/rules.lua itself, loaded with a
-- plain `sp`, so the Swift engine (`--rules bench/plan-rules`) runs the very
-- same hook bodies over the same data (bench/plan-rules/bench-100.fixture.yaml).
--
-- Each evaluation calls, for each of the 100 items in template order, its
-- `visible`, `default` and `complete` hook: 300 hook calls per plan.
--
-- Output:
--   plans_per_second=<number>
--   hook_calls_per_second=<number>
-- luacheck: std lua54

local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."

-- sp, as docs/contract.md section 3 defines the helpers the hooks use ------------------------
local sp = {}
function sp.blank(v)
  if v == nil or v == "" then return true end
  return type(v) == "table" and next(v) == nil
end

local function load_rules()
  local env = setmetatable({ sp = sp }, { __index = _G })
  local chunk = assert(loadfile(here .. "/plan-rules/bench-100/rules.lua", "t", env))
  return chunk()
end

-- The data: a client with 30 profile fields and 20 records, a plan of 100 items -----
local TODAY = "2026-11-27"

local profile = {
  first_name = "Ada", last_name = "Nguyen", preferred_name = "Ada", date_of_birth = "1990-03-01",
  gender = "Female", phone = "0412 345 678", email = "ada.nguyen@example.com",
  address_line1 = "12 Lygon Street", suburb = "Carlton", state = "VIC", postcode = "3053",
  funding_type = "NDIS", ndis_number = "430123456", my_aged_care_id = "AC12345678",
  primary_disability = "Cerebral palsy", language = "English", interpreter_required = true,
  uses_aac = true, takes_medication = true, lives_alone = true, has_behaviour_support_needs = true,
  has_guardian = false, mobility_aid = "Manual wheelchair", dietary_requirements = { "Gluten free", "Diabetic" },
  allergies = "Penicillin", falls_last_12_months = 1, support_hours_per_week = 24.5,
  gp_name = "Dr Helen Cho", gp_phone = "03 9347 0000",
  worker_video_folder = "https://video.example.org.au/clients/C-0001",
}

local records = {}
for n = 1, 20 do
  records[n] = {
    id = string.format("NTE-%05d", n), type = "case_note",
    title = "Case note " .. n, date = string.format("2026-%02d-%02d", (n - 1) % 12 + 1, n), body = "Visit notes.",
  }
end

local KEYS, items = {}, {}
for i = 1, 100 do
  KEYS[i] = string.format("f%03d", i)
  -- Every tenth item is still blank, so its complete hook fails.
  items[i] = {
    key = KEYS[i], instance = 1, kind = "fields", status = "open", url = nil, records = {},
    values = { value = (i % 10 == 0) and "" or ("value " .. i), note = "note " .. i, count = i },
  }
end
local by_key = {}
for i = 1, 100 do by_key[KEYS[i]] = items[i] end

local sections = {}
for s = 1, 10 do sections[s] = { key = string.format("s%02d", s), title = "Section " .. s } end

local client = {
  id = "C-0001", name = "Ada Nguyen", profile = profile,
  records = function(type)
    local out = {}
    for _, r in ipairs(records) do if r.type == type then out[#out + 1] = r end end
    return out
  end,
  record = function(id)
    for _, r in ipairs(records) do if r.id == id then return r end end
    return nil
  end,
}

local plan = {
  id = "SP-000001", status = "draft", template = "bench-100", template_version = 1, previous_plan = nil,
  goal_attainment_plan = nil, behaviour_support_plan = nil,
  item = function(key, instance)
    if (instance or 1) ~= 1 then return nil end
    return by_key[key]
  end,
}

-- The same client and plan as a rule fixture (docs/contract.md section 6), for the Swift side ---
local function json(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "string" then return string.format("%q", v):gsub("\\\n", "\\n") end
  if t == "number" or t == "boolean" then return tostring(v) end
  if t ~= "table" then return "null" end
  if #v > 0 or next(v) == nil then
    local parts = {}
    for i = 1, #v do parts[i] = json(v[i], indent) end
    return "[" .. table.concat(parts, ", ") .. "]"
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys)
  local inner = indent .. "  "
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = inner .. string.format("%q", k) .. ": " .. json(v[k], inner) end
  return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
end

local function fixture()
  local plan_items = {}
  for i = 1, 100 do plan_items[KEYS[i]] = { values = items[i].values } end
  local doc = {
    template = "bench-100", today = TODAY,
    client = { id = client.id, name = client.name, profile = profile, records = records },
    plan = { items = plan_items },
    expect = {
      progress = { done = 0, total = 100, percent = 0 },
      complete = { f001 = true, f010 = { ok = false, messages = { "Enter a value" } } },
      defaults = { f001 = { value = "Ada" }, f002 = { value = "Carlton" } },
    },
  }
  io.write("# Generated by `lua5.4 bench/plan-baseline.lua --fixture`: the benchmark client and plan\n")
  io.write("# (JSON, which is YAML). Run with: supportplan test --rules bench/plan-rules THIS_FILE\n")
  io.write(json(doc), "\n")
end

-- The benchmark -------------------------------------------------------------------
local function run(n)
  local R = load_rules()
  local hooks = {}
  for i = 1, 100 do hooks[i] = R.items[KEYS[i]] end
  local ctx = { today = TODAY, client = client, plan = plan, item = nil, section = nil }

  local function evaluate_plan()
    local done = 0
    for i = 1, 100 do
      local h = hooks[i]
      ctx.item = items[i]
      ctx.section = sections[(i - 1) // 10 + 1]
      h.visible(ctx)
      h.default(ctx)
      if h.complete(ctx) then done = done + 1 end
    end
    return done
  end

  -- Sanity: 90 of the 100 items pass their check.
  assert(evaluate_plan() == 90, "unexpected benchmark result")
  for _ = 1, math.min(n, 1000) do evaluate_plan() end -- warm up

  local start = os.clock()
  for _ = 1, n do evaluate_plan() end
  local elapsed = os.clock() - start
  if elapsed <= 0 then elapsed = 1e-9 end
  print(string.format("plans_per_second=%.1f", n / elapsed))
  print(string.format("hook_calls_per_second=%.0f", n * 300 / elapsed))
end

if arg and arg[1] == "--fixture" then
  fixture()
else
  local n = math.tointeger(tonumber(arg and arg[1] or "")) or 20000
  run(n)
end
