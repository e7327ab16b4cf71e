-- wrk script: the reports of bench/report.lua sent at a held rate (RATE
-- requests/s in all, over THREADS wrk threads; both from the environment).
--
-- Each wrk thread keeps a timetable: request n of the thread is due at
-- start + n / (RATE / THREADS). Whichever of the thread's connections is free
-- takes the next due time and waits until then (no wait if it is already
-- past, so a slow answer is caught up). The rate sent is therefore the rate
-- asked for, as long as the connections are enough to carry it; soak.sh
-- reports the rate reached beside the target. wrk is built with LuaJIT, whose
-- FFI gives the monotonic clock (os.time counts whole seconds only).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } portsafe_timespec;
  int clock_gettime(int clock, portsafe_timespec* out);
]]
local kMonotonic = 1
local ts = ffi.new("portsafe_timespec")
local function now_ms()
  ffi.C.clock_gettime(kMonotonic, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local rate = tonumber(os.getenv("RATE") or "1000")
local threads = tonumber(os.getenv("THREADS") or "2")
local interval_ms = 1000 * threads / rate
local start, sent = nil, 0

function delay()
  local t = now_ms()
  start = start or t
  local due = start + sent * interval_ms
  sent = sent + 1
  if due <= t then return 0 end
  return math.floor(due - t + 0.5)
end
