-- wrk script: POST one report per request to /api/v1/reports at a held rate
-- (RATE requests/s over THREADS wrk threads, from the environment). Each
-- connection waits between requests; every thread corrects its wait once a
-- second against the rate it has reached, since the answers themselves take
-- time. Used by bench/soak.sh.
local rate = tonumber(os.getenv("RATE") or "1000")
local connections = tonumber(os.getenv("CONNECTIONS") or "64")
local threads = tonumber(os.getenv("THREADS") or "2")
local per_thread = rate / threads
local wait_ms = 1000 * connections / rate
local start, done = nil, 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"port":"GBFXT","category":"cargo_theft","area":"Trinity Terminal",' ..
           '"description":"Seals on two reefers at stack C were swapped overnight; a grey van ' ..
           'waited by gate 4 for an hour.","containers":"MSCU 123456 5","how_known":"saw"}'

function delay()
  return wait_ms
end

function response(status, headers, body)
  done = done + 1
  local now = os.time()
  start = start or now
  if now - start >= 2 then
    if done / (now - start) < per_thread then
      wait_ms = wait_ms * 0.995
    else
      wait_ms = wait_ms * 1.005
    end
  end
end
