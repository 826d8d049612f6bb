-- Sets request headers from the environment and prints one machine-readable summary line.
-- BENCH_ACCEPT: the Accept header (pip's, for index pages); BENCH_INM: an If-None-Match value (304 runs).
local accept = os.getenv("BENCH_ACCEPT")
local inm = os.getenv("BENCH_INM")
if accept and accept ~= "" then wrk.headers["Accept"] = accept end
if inm and inm ~= "" then wrk.headers["If-None-Match"] = inm end

local statuses = {}

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d bytes=%d micros=%d errors=%d p50us=%d p99us=%d\n",
    summary.requests, summary.bytes, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
