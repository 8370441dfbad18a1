-- wrk script: GET a model or one of its versions, at random among MODELS models x VERSIONS versions
-- named PREFIX-<i> (created by run.sh). env: AEGISML_KEY, PREFIX, MODELS, VERSIONS
local key = os.getenv("AEGISML_KEY")
local prefix = os.getenv("PREFIX")
local models = tonumber(os.getenv("MODELS") or "100")
local versions = tonumber(os.getenv("VERSIONS") or "5")
init = function(args)
  math.randomseed(os.time() + math.random(1, 100000))
end
request = function()
  local m = prefix .. "-" .. math.random(0, models - 1)
  local path = "/api/v1/models/" .. m
  if math.random() < 0.5 then path = path .. "/versions/" .. math.random(1, versions) end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
end
