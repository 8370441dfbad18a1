-- wrk script: POST /api/v1/models with a new name each request (a metadata write).
-- env: AEGISML_KEY, RUN (a prefix unique to this run)
local counter = 0
local key = os.getenv("AEGISML_KEY")
local run = os.getenv("RUN") or tostring(os.time())
tid = 0
setup = function(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
request = function()
  counter = counter + 1
  local body = '{"name":"bench-' .. run .. '-' .. tid .. '-' .. counter .. '","kind":"ml","tags":{"bench":"yes"}}'
  return wrk.format("POST", "/api/v1/models",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
