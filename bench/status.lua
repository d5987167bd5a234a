-- wrk script for the overload cell (bench/overload.sh): counts every response by status and prints one
-- machine-readable line: STATUS 200=N 503=M ... connect=.. read=.. write=.. timeout=..
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do all[k] = (all[k] or 0) + v end
  end
  local s = "STATUS"
  for k, v in pairs(all) do s = s .. " " .. k .. "=" .. v end
  local e = summary.errors
  io.write(string.format("%s connect=%d read=%d write=%d timeout=%d\n", s, e.connect, e.read, e.write, e.timeout))
end
