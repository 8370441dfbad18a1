-- wrk script: POST /api/v1/events, an NDJSON batch of BATCH events (default 1,000), each with
-- a unique event_id, a latency, a prediction and 10 features (8 numbers, 2 categories).
-- env: AEGISML_KEY, MODEL, RUN (a prefix unique to this run), BATCH
local counter = 0
local key = os.getenv("AEGISML_KEY")
local model = os.getenv("MODEL")
local run = os.getenv("RUN") or tostring(os.time())
local batch = tonumber(os.getenv("BATCH") or "1000")
local plans = { "free", "pro", "team", "enterprise" }
local regions = { "eu", "us", "apac" }
tid = 0
setup = function(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
init = function()
  math.randomseed(tid * 7919)
end
request = function()
  counter = counter + 1
  local lines = {}
  local prefix = run .. "-" .. tid .. "-" .. counter .. "-"
  for i = 1, batch do
    lines[i] = string.format('{"event_id":"%s%d","model_id":"%s","latency_ms":%.2f,"y_pred":%.4f,"features":{'
      .. '"f0":%.4f,"f1":%.4f,"f2":%.4f,"f3":%.4f,"f4":%.4f,"f5":%.4f,"f6":%.4f,"f7":%d,"plan":"%s","region":"%s"}}',
      prefix, i, model, 5 + math.random() * 40, math.random(), math.random(), math.random() * 10, math.random() * 100,
      math.random() - 0.5, math.random() * 2, math.random() * 1000, math.random(), math.random(0, 50),
      plans[math.random(1, 4)], regions[math.random(1, 3)])
  end
  return wrk.format("POST", "/api/v1/events",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/x-ndjson" }, table.concat(lines, "\n"))
end
