-- The serve load test's mix for wrk (`supportplan-bench serve` runs it; see docs/performance.md):
--
--   wrk -t T -c 32 -d 20s -s bench/serve-load.lua http://127.0.0.1:PORT -- INPUT OUTPUT
--
-- INPUT: the bearer token on its first line, then one plan id a line. Each request picks a plan at
-- random; every fifth request of a thread is `PATCH /api/v1/plans/{id}/items/personal_alarm` setting
-- `alarm_provider` to a value no other request uses (W<thread>-<n>), the others `GET /api/v1/plans/{id}`.
--
-- OUTPUT, written when the run ends: `key=value` tallies (requests, duration, reads and changes
-- answered 200, statuses, wrk's socket errors, the latency distribution of all requests in µs),
-- then one `ack PLAN VALUE` line per acknowledged change, read from the PATCH answer's body (its
-- `changes` come first: the answer's keys are sorted), so the benchmark can check that each is in
-- the plan's history and final value.

local threads = {}

-- Main state: one call per thread before it starts.
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

-- Thread state: wrk passes what follows `--`.
function init(args)
  output = args[2]
  local input = assert(io.open(args[1], "r"))
  local token = input:read("*l")
  ids = {}
  for line in input:lines() do
    if line ~= "" then ids[#ids + 1] = line end
  end
  input:close()
  math.randomseed(id * 7919)
  reading = { ["Authorization"] = "Bearer " .. token }
  changing = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  n = 0
  reads, changes, unparsed = 0, 0, 0
  statuses = {}
  acks = {}
end

function request()
  n = n + 1
  local path = "/api/v1/plans/" .. ids[math.random(#ids)]
  if n % 5 == 0 then
    local body = string.format('{"values": {"alarm_provider": "W%d-%d"}}', id, n)
    return wrk.format("PATCH", path .. "/items/personal_alarm", changing, body)
  end
  return wrk.format("GET", path, reading)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 then return end
  -- A change answer begins with its sorted keys' first, "changes"; a plan read with "activation_date".
  if body:sub(1, 11) ~= '{"changes":' then
    reads = reads + 1
    return
  end
  changes = changes + 1
  local value = body:match('"after":"\\"(W%d+%-%d+)\\""')
  local plan = body:match('"plan_id":"([^"]+)"')
  if value and plan then
    acks[#acks + 1] = plan .. " " .. value
  else
    unparsed = unparsed + 1
  end
end

-- Main state: the threads' tallies gathered and written for the benchmark.
function done(summary, latency, requests)
  local path = threads[1]:get("output")
  local out = assert(io.open(path, "w"))
  local reads, changes, unparsed, statuses = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    reads = reads + thread:get("reads")
    changes = changes + thread:get("changes")
    unparsed = unparsed + thread:get("unparsed")
    for status, count in pairs(thread:get("statuses")) do
      statuses[status] = (statuses[status] or 0) + count
    end
  end
  out:write(string.format("requests=%d\nduration_us=%d\nreads=%d\nchanges=%d\nunparsed=%d\n",
    summary.requests, summary.duration, reads, changes, unparsed))
  out:write(string.format("errors_connect=%d\nerrors_read=%d\nerrors_write=%d\nerrors_timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  out:write(string.format("latency_p50_us=%d\nlatency_p99_us=%d\nlatency_max_us=%d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  for status, count in pairs(statuses) do
    out:write(string.format("status %d %d\n", status, count))
  end
  for _, thread in ipairs(threads) do
    for _, ack in ipairs(thread:get("acks")) do
      out:write("ack " .. ack .. "\n")
    end
  end
  out:close()
end
