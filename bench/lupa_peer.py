#!/usr/bin/env python3
"""The lupa peer of the fixtures-at-scale workload (issue 18): the same bench-100 rules and the same
synthetic fixtures, hosted from Python through lupa instead of supportplan's Swift bridge.

    python3 bench/lupa_peer.py RULES_DIR FIXTURES_DIR

RULES_DIR is the bench-100 Rules folder supportplan-bench writes (its bench-100/template.yaml and
rules.lua are read); FIXTURES_DIR holds the YAML fixtures (read in sorted order). For each fixture,
what `supportplan test` does with it: parse the YAML (PyYAML with libyaml, the fastest loader there
is), make the plan (every item's `default` hook), evaluate it once (each item's `visible`, `default`
and `complete`) and check the fixture's `expect` (visible, defaults, complete, progress).

What the host keeps of supportplan's sandbox, as far as lupa allows:
- read-only ctx: every table a hook sees (ctx, client, profile, records, item, values, section, plan)
  is an empty proxy whose __newindex raises, with a protected metatable; `rawset` refuses proxies.
- the environment: base functions, string (without dump), table, math (without random), utf8 and
  sp; no io, os, debug, package, load, loadfile, dofile, collectgarbage; assigning a global raises.
- isolation: the rules chunk (compiled once) is re-run in a fresh environment for every plan.
- instruction budget: 1,000,000 per hook call through debug.sethook's count hook (every 1,000
  instructions), set again on coroutines the hooks create; the sandbox's pcall and xpcall pass a
  limit's error on, so a hook can't catch it and go on.
- wall clock: 2 s per plan evaluation, checked in that count hook.
- memory: 64 MiB per runtime through lupa's max_memory.
What it can't keep: a count hook never runs inside a C function, so a long `string.rep`, pattern
match, `table.concat` or `table.sort` runs past both the budget and the clock (supportplan meters
those in C); and the memory cap is per runtime, not per evaluation.

Output (key=value lines):
    seconds=<CPU seconds, the whole job: runtime, compile, parse, evaluate, check>
    parse_seconds=<CPU seconds of YAML parsing within it>
    fixtures=<n>  passed=<n>  lupa=<version>  lua=<version>
Exit status 3 when lupa is not installed, 1 when a fixture fails.
"""
import os
import sys
import time

try:
    import lupa
    from lupa import lua54
except ImportError:
    print("lupa is not installed for %s: run `pip install lupa`" % sys.executable, file=sys.stderr)
    sys.exit(3)
import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml: slower, and said so
    Loader = yaml.SafeLoader

BUDGET = 1_000_000
WALL_SECONDS = 2.0
MEMORY = 64 << 20

# The host side in Lua: the sandbox, read-only views and the metered call. Runs with the full
# standard library; hooks only ever see `make_env`'s table.
HOST = r"""
local BUDGET, WALL = ...
local proxies = setmetatable({}, { __mode = "k" })   -- proxy -> underlying table
local views = setmetatable({}, { __mode = "k" })     -- underlying table -> proxy
local clock, sethook, error, type, next = os.clock, debug.sethook, error, type, next
local deadline, used, tripped = 0, 0, nil

local function refuse() error("ctx is read-only", 2) end
local view
local meta = {
  __index = function(p, k)
    local v = proxies[p][k]
    if type(v) == "table" then return view(v) end
    return v
  end,
  __newindex = refuse,
  __len = function(p) return #proxies[p] end,
  __pairs = function(p)
    local t = proxies[p]
    return function(_, k)
      local nk, nv = next(t, k)
      if type(nv) == "table" then nv = view(nv) end
      return nk, nv
    end, p, nil
  end,
  __metatable = false,
}
view = function(t)
  local p = views[t]
  if p then return p end
  p = setmetatable({}, meta)
  proxies[p], views[t] = t, p
  return p
end

local function count_hook()
  used = used + 1000
  if used > BUDGET then tripped = "instruction limit exceeded" end
  if clock() > deadline then tripped = "wall-clock limit exceeded" end
  if tripped then error(tripped, 2) end
end

-- A hook's own pcall must not swallow a limit: once tripped, the error goes on up.
local pack, unpack = table.pack, table.unpack
local function safe_pcall(f, ...)
  local r = pack(pcall(f, ...))
  if tripped then error(tripped, 0) end
  return unpack(r, 1, r.n)
end
local function safe_xpcall(f, handler, ...)
  local r = pack(xpcall(f, handler, ...))
  if tripped then error(tripped, 0) end
  return unpack(r, 1, r.n)
end

local function sp_blank(v)
  if v == nil or v == "" then return true end
  if type(v) == "table" then
    if proxies[v] then return next(proxies[v]) == nil end
    return next(v) == nil
  end
  return false
end

local function copy(t, drop)
  local out = {}
  for k, v in pairs(t) do if not (drop and drop[k]) then out[k] = v end end
  return out
end
local safe_string = copy(string, { dump = true })
local safe_math = copy(math, { random = true, randomseed = true })
local safe_table, safe_utf8 = copy(table), copy(utf8)
local raw_rawset = rawset
local function safe_rawset(t, k, v)
  if proxies[t] then error("ctx is read-only", 2) end
  return raw_rawset(t, k, v)
end
local cocreate, cowrap = coroutine.create, coroutine.wrap
local function metered(f)
  return function(...)
    sethook(count_hook, "", 1000)
    return f(...)
  end
end
local safe_coroutine = copy(coroutine)
safe_coroutine.create = function(f) return cocreate(metered(f)) end
safe_coroutine.wrap = function(f) return cowrap(metered(f)) end

local function make_env()
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = safe_pcall,
    print = function() end, rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = safe_rawset,
    select = select, setmetatable = setmetatable, getmetatable = getmetatable, tonumber = tonumber,
    tostring = tostring, type = type, xpcall = safe_xpcall, _VERSION = _VERSION,
    string = safe_string, table = safe_table, math = safe_math, utf8 = safe_utf8, coroutine = safe_coroutine,
    sp = setmetatable({ blank = sp_blank }, { __newindex = refuse, __metatable = false }),
  }
  return setmetatable(env, {
    __newindex = function(_, k) error("assigning the global '" .. tostring(k) .. "' is not allowed", 2) end,
    __metatable = false,
  })
end

-- One hook call under the budget; returns ok, results...
local function call(f, ctx)
  used, tripped = 0, nil
  sethook(count_hook, "", 1000)
  local r = table.pack(pcall(f, ctx))
  sethook()
  return r
end

-- Makes the plan and evaluates it once: defaults when made, then visible, default and complete per item.
-- Returns per item: visible, default value table (or nil), complete ok, complete message, error text.
return function(chunk, client, items, sections, today)
  local env = make_env()
  deadline = clock() + WALL
  used, tripped = 0, nil
  sethook(count_hook, "", 1000)
  local ok, R = pcall(load(chunk, "=bench-100/rules.lua", "t", env))
  sethook()
  if not ok then error("rules.lua: " .. tostring(R)) end
  local by_key = {}
  for _, it in ipairs(items) do by_key[it.key] = it end
  local client_data = {
    id = client.id, name = client.name, profile = client.profile,
    records = function(t)
      local out = {}
      for _, r in ipairs(client.records) do if r.type == t then out[#out + 1] = view(r) end end
      return view(out)
    end,
  }
  local plan_data = {
    id = "SP-FIXTURE", status = "draft", template = "bench-100", template_version = 1,
    item = function(key, instance)
      if (instance or 1) ~= 1 then return nil end
      local it = by_key[key]
      return it and view(it) or nil
    end,
  }
  local out = {}
  local function ctx_for(it)
    return view({ today = today, client = client_data, plan = plan_data, item = it, section = sections[it.section] })
  end
  for n, it in ipairs(items) do   -- the plan is made
    local h = R.items[it.key]
    if h and h.default then call(h.default, ctx_for(it)) end
  end
  for n, it in ipairs(items) do   -- one evaluation
    local h = R.items[it.key] or {}
    local ctx = ctx_for(it)
    local res = { visible = true }
    if h.visible then
      local r = call(h.visible, ctx)
      if r[1] then res.visible = r[2] ~= false else res.error = r[2] end
    end
    if h.default then
      local r = call(h.default, ctx)
      if r[1] then res.default = r[2] else res.error = r[2] end
    end
    if h.complete then
      local r = call(h.complete, ctx)
      if r[1] then res.ok, res.message = r[2] == true, r[3] else res.ok, res.error = false, r[2] end
    else
      res.ok = true
    end
    out[n] = res
  end
  if clock() > deadline then error("wall-clock limit exceeded") end
  return out
end
"""


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    rules_dir, fixtures_dir = argv[1], argv[2]
    start = time.process_time()
    parse = 0.0

    lua = lua54.LuaRuntime(register_eval=False, register_builtins=False, unpack_returned_tuples=True,
                           max_memory=MEMORY)
    evaluate = lua.execute(HOST, BUDGET, WALL_SECONDS)
    with open(os.path.join(rules_dir, "bench-100", "rules.lua")) as f:
        chunk = f.read()
    t0 = time.process_time()
    with open(os.path.join(rules_dir, "bench-100", "template.yaml")) as f:
        template = yaml.load(f, Loader=Loader)
    parse += time.process_time() - t0
    keys, section_of, sections = [], {}, {}
    for s in template["sections"]:
        sections[s["key"]] = {"key": s["key"], "title": s["title"]}
        for item in s["items"]:
            keys.append(item["key"])
            section_of[item["key"]] = s["key"]
    lua_sections = lua.table_from(sections, recursive=True)

    files = sorted(os.path.join(d, n) for d, _, names in os.walk(fixtures_dir) for n in names if n.endswith(".yaml"))
    passed = 0
    failures = []
    for path in files:
        t0 = time.process_time()
        with open(path) as f:
            fx = yaml.load(f, Loader=Loader)
        parse += time.process_time() - t0
        c = fx["client"]
        set_up = (fx.get("plan") or {}).get("items") or {}
        items = [{"key": k, "instance": 1, "kind": "fields", "status": "open", "section": section_of[k],
                  "records": [], "values": (set_up.get(k) or {}).get("values") or {}} for k in keys]
        client = {"id": c["id"], "name": c["name"], "profile": c.get("profile") or {}, "records": c.get("records") or []}
        results = evaluate(chunk, lua.table_from(client, recursive=True), lua.table_from(items, recursive=True),
                           lua_sections, fx.get("today", "2026-11-27"))
        got = {keys[n - 1]: r for n, r in results.items()}
        problems = check(fx.get("expect") or {}, got, keys)
        if problems:
            failures.append("%s: %s" % (path, "; ".join(problems[:3])))
        else:
            passed += 1
    seconds = time.process_time() - start

    print("seconds=%.6f" % seconds)
    print("parse_seconds=%.6f" % parse)
    print("fixtures=%d" % len(files))
    print("passed=%d" % passed)
    print("lupa=%s" % lupa.__version__)
    print("lua=%s" % lua.eval("_VERSION"))
    print("yaml_loader=%s" % Loader.__name__)
    for failure in failures[:5]:
        print(failure, file=sys.stderr)
    return 0 if not failures and files else 1


def check(expect, got, keys):
    """The fixture's expectations against the peer's answers, as `supportplan test` checks them."""
    problems = []
    for r in got.values():
        if r["error"] is not None:
            problems.append("rule error: %s" % r["error"])
    for key, want in (expect.get("visible") or {}).items():
        if bool(got[key]["visible"]) != want:
            problems.append("visible.%s: expected %s" % (key, want))
    for key, want in (expect.get("defaults") or {}).items():
        d = got[key]["default"]
        have = dict(d.items()) if d is not None else None
        if have != want:
            problems.append("defaults.%s: expected %r, got %r" % (key, want, have))
    for key, want in (expect.get("complete") or {}).items():
        r = got[key]
        if isinstance(want, bool):
            if r["ok"] != want:
                problems.append("complete.%s: expected %s" % (key, want))
        else:
            messages = [r["message"]] if r["message"] is not None else []
            if r["ok"] != want.get("ok") or ("messages" in want and messages != want["messages"]):
                problems.append("complete.%s: expected %r, got %s %r" % (key, want, r["ok"], messages))
    progress = expect.get("progress")
    if progress is not None:
        total = sum(1 for k in keys if got[k]["visible"])
        have = {"done": 0, "total": total, "percent": 100 if total == 0 else 0}
        for k, v in progress.items():
            if have.get(k) != v:
                problems.append("progress.%s: expected %r, got %r" % (k, v, have.get(k)))
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv))
