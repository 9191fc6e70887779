-- Unknown-token flood for wrk: each request carries a fresh random 40-character Bearer token until
-- `limit` (first script argument, default 100000) tokens were sent; then the thread stops.
local limit, sent = 100000, 0
local alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

function init(args)
  limit = tonumber(args[1] or limit)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

local function token()
  local chars = {}
  for i = 1, 40 do
    local k = math.random(1, 62)
    chars[i] = alphabet:sub(k, k)
  end
  return table.concat(chars)
end

function request()
  sent = sent + 1
  if sent > limit then
    wrk.thread:stop()
  end
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token() })
end
