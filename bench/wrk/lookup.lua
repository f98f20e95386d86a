-- wrk script: GET /api/v1/public/dossiers/{code} for codes drawn at random from a file of dossier codes.
-- Arguments (after --): <codes file>

local codes = {}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
  math.randomseed(thread_number * 7919 + os.time())
end

function request()
  return wrk.format("GET", "/api/v1/public/dossiers/" .. codes[math.random(#codes)])
end

function done(summary, latency, requests)
  io.write(string.format(
    "WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
