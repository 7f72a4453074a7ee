-- wrk script: POST each pre-signed envelope of a file exactly once.
--
--   wrk -t T -c C -d <upper bound> -s bench/wrk/submit-once.lua <url> -- <envelopes file> T
--
-- The file holds one JSON envelope per line. Thread k of T takes lines k, k+T, k+2T, ..., so no
-- envelope is sent twice. A thread stops as soon as its share is used up and prints
-- "wrk-thread-done"; wrk itself runs for its whole -d, so the harness (bench/wrk/run.ts) sends it
-- SIGINT once every thread is done. Throughput is timed here, from a thread's first request to
-- its last 201, with a monotonic clock (LuaJIT ffi), not from wrk's fixed duration. done()
-- prints one JSON line prefixed "wrk-result ": statuses seen, the span, latency quantiles (us).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } tally_timespec;
  int clock_gettime(int clk_id, tally_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("tally_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the envelope file")
  local total = tonumber(args[2])
  local headers = { ["Content-Type"] = "application/json" }
  requests = {}
  local line_no = 0
  for line in file:lines() do
    if line ~= "" then
      if line_no % total == index then table.insert(requests, wrk.format("POST", "/v1/events", headers, line)) end
      line_no = line_no + 1
    end
  end
  file:close()
  next_request = 1
  created = 0
  other = 0
  exhausted = 0
  first_us = 0
  last_us = 0
end

function request()
  local r = requests[next_request]
  if r == nil then
    if exhausted == 0 then
      exhausted = 1
      io.write("wrk-thread-done\n")
      io.flush()
      wrk.thread:stop()
    end
    -- Never sent: the thread's loop has been told to stop. wrk needs a request to be returned.
    return wrk.format("GET", "/bench-exhausted")
  end
  if next_request == 1 then first_us = now_us() end
  next_request = next_request + 1
  return r
end

function response(status, headers, body)
  if exhausted == 1 then return end
  if status == 201 then
    created = created + 1
    last_us = now_us()
  else
    other = other + 1
  end
end

function done(summary, latency, requests_)
  local c, o, sent, all_done = 0, 0, 0, true
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    o = o + thread:get("other")
    sent = sent + thread:get("next_request") - 1
    if thread:get("exhausted") ~= 1 then all_done = false end
    local f = thread:get("first_us")
    if first == nil or f < first then first = f end
    local l = thread:get("last_us")
    if l > last then last = l end
  end
  io.write(string.format(
    'wrk-result {"created":%d,"other":%d,"sent":%d,"exhausted":%s,"spanUs":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    c, o, sent, tostring(all_done), last - first,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
