-- wrk script: POST /api/v1/dossiers with realistic bodies, as the province's clerks send them.
-- Arguments (after --): <clerks file> <receipt day YYYY-MM-DD> <run label>
-- The clerks file has one line per agency: "<token> <procedure code>,<procedure code>,…" (the last procedure is
-- desk-only, the others allow online and postal filing). Every request gets a unique Idempotency-Key.

package.path = "bench/wrk/?.lua;" .. package.path   -- bench/run runs wrk from the repository root
local report = require("report")

local clerks = {}
local day, label
local counter = 0
local thread_number = 0

local family = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương" }
local middle = { "Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Hoàng" }
local given = { "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam" }

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    local token, procedures = line:match("^(%S+)%s+(%S+)$")
    if token then
      local list = {}
      for code in procedures:gmatch("[^,]+") do list[#list + 1] = code end
      clerks[#clerks + 1] = { token = token, procedures = list }
    end
  end
  day, label = args[2], args[3]
  math.randomseed(thread_number * 7919 + os.time())
end

local function pick(list) return list[math.random(#list)] end

function request()
  counter = counter + 1
  local clerk = pick(clerks)
  local index = math.random(#clerk.procedures)
  local procedure = clerk.procedures[index]
  local channel = "direct"
  if index < #clerk.procedures then
    local r = math.random(100)
    if r <= 50 then channel = "online" elseif r <= 55 then channel = "postal" end
  end
  local tracking = ""
  if channel == "postal" then tracking = string.format(',"postal_tracking":"RR%09dVN"', math.random(0, 999999999)) end
  local body = string.format(
    '{"procedure":"%s","channel":"%s","received_at":"%sT%02d:%02d:%02d+07:00"%s,' ..
    '"applicant":{"name":"%s %s %s","kind":"person","id":"0%011d","phone":"09%08d","address":"Thôn %d, Xã Tà Nung","locality":"%05d"},' ..
    '"components":[{"code":"TP1","digitized":true,"reused":false},{"code":"TP2","digitized":%s,"reused":%s},' ..
    '{"code":"TP3","digitized":%s,"reused":false}]}',
    procedure, channel, day, math.random(8, 16), math.random(0, 59), math.random(0, 59), tracking,
    pick(family), pick(middle), pick(given), math.random(0, 99999999999), math.random(0, 99999999), math.random(1, 12),
    24700 + math.random(0, 39),
    tostring(channel == "online" or math.random(100) <= 80), tostring(math.random(100) <= 18), tostring(channel == "online" or math.random(100) <= 80))
  return wrk.format("POST", "/api/v1/dossiers", {
    ["Authorization"] = "Bearer " .. clerk.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("%s-%d-%d", label, thread_number, counter),
  }, body)
end

done = report.done
