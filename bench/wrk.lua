-- wrk script for bench/run.py: counts responses per status and per gunicorn worker (the
-- X-Bench-Worker header that bench/middleware.py adds) and prints one JSON line when done.
-- Each wrk thread has its own Lua state; done() reads every thread's tables.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  workers = {}
end

function response(status, headers, body)
  local s = tostring(status)
  statuses[s] = (statuses[s] or 0) + 1
  local w = headers["X-Bench-Worker"] or headers["x-bench-worker"] or "?"
  workers[w] = (workers[w] or 0) + 1
end

local function object(t)
  local parts = {}
  for k, v in pairs(t) do
    table.insert(parts, string.format("%q:%d", tostring(k), v))
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local statuses_all, workers_all = {}, {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses") or {}) do statuses_all[k] = (statuses_all[k] or 0) + v end
    for k, v in pairs(thread:get("workers") or {}) do workers_all[k] = (workers_all[k] or 0) + v end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
    '"statuses":%s,"workers":%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean,
    object(statuses_all), object(workers_all)))
end
