-- wrk script: rotates credentials from a file (one per line) across requests.
-- args: <credential file> <bearer|apikey> <GET|POST>
local credentials = {}
local kind, method
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then credentials[#credentials + 1] = line end
  end
  kind, method = args[2], args[3]
  counter = math.random(#credentials)
end

function request()
  counter = counter % #credentials + 1
  local headers = {}
  if kind == "bearer" then
    headers["Authorization"] = "Bearer " .. credentials[counter]
  else
    headers["X-API-Key"] = credentials[counter]
  end
  if method == "POST" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/tasks", headers, '{"title":"bench task","description":"created by wrk"}')
  end
  return wrk.format("GET", "/api/tasks?limit=20", headers)
end
