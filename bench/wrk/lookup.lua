-- wrk script: GET /api/v1/public/dossiers/{code} for codes drawn at random from a file of dossier codes.
-- Arguments (after --): <codes file>

package.path = "bench/wrk/?.lua;" .. package.path   -- bench/run runs wrk from the repository root
local report = require("report")

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

done = report.done
