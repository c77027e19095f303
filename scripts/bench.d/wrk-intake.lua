-- wrk script: every request posts a new, distinct purchasing order (1-3
-- lines in the demo's categories), authenticated with $ORDERHUB_TOKEN.
-- Usage: wrk -t2 -c32 -d10s --latency -s scripts/bench.d/wrk-intake.lua URL
local token = os.getenv("ORDERHUB_TOKEN")
local run = os.getenv("ORDERHUB_RUN") or tostring(os.time())
local titles = { "Personalised mug", "Custom photo t-shirt", "Custom sneaker", "Engraved phone case" }
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
function request()
  n = n + 1
  local lines = {}
  for i = 1, (n % 3) + 1 do
    lines[i] = string.format('{"title":"%s %d","quantity":1,"unit_price":"19.90"}', titles[((n + i) % #titles) + 1], i)
  end
  local body = string.format(
    '{"platform":"shopify","external_number":"W%s-%d-%d","currency":"USD","status":"purchasing",' ..
    '"customer":{"name":"Ada Lovelace","email":"ada@example.com"},"lines":[%s]}',
    run, tid, n, table.concat(lines, ","))
  return wrk.format("POST", "/api/v1/orders",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
-- wrk prints "Non-2xx or 3xx responses: N" when any request was refused.
