-- wrk script: POST /api/v1/models/{MODEL}/versions, multipart with metadata and a 10 KiB
-- artifact that differs on every request (so every write stores a new blob).
-- env: AEGISML_KEY, MODEL
local key = os.getenv("AEGISML_KEY")
local model = os.getenv("MODEL")
local boundary = "aegisbenchboundary"
local counter = 0
tid = 0
local filler
setup = function(thread)
  tid = tid + 1
  thread:set("tid", tid)
end
init = function(args)
  math.randomseed(os.time() + (tid or 0))
  local t = {}
  for i = 1, 10 * 1024 - 32 do t[i] = string.char(math.random(0, 255)) end
  filler = table.concat(t)
end
request = function()
  counter = counter + 1
  local unique = string.format("%016d%016d", tid, counter)
  local body = "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n' ..
    '{"framework":"sklearn","format":"pickle","metrics":{"auc":0.9}}\r\n' ..
    "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="artifact"; filename="model.pkl"\r\n' ..
    "Content-Type: application/octet-stream\r\n\r\n" .. filler .. unique .. "\r\n" ..
    "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/v1/models/" .. model .. "/versions",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, body)
end
