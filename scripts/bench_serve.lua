-- wrk script for scripts/bench_serve.sh: each request asks for a random story (ids read
-- from the file in $PARALLAX_IDS) at the path given as the script's arguments:
--   wrk ... -s scripts/bench_serve.lua URL -- /stories/ .html   (the story page)
--   wrk ... -s scripts/bench_serve.lua URL -- /api/stories/ ""  (the API)
--   wrk ... -s scripts/bench_serve.lua URL -- mixed             (pages, API, lists, search, feeds)
local ids = {}
local prefix, suffix, mixed
local words = { "minister", "police", "election", "court", "storm", "talks", "market", "said" }

function init(args)
  prefix = args[1] or "/api/stories/"
  suffix = args[2] or ""
  mixed = prefix == "mixed"
  for line in io.lines(os.getenv("PARALLAX_IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

local function story()
  return ids[math.random(#ids)]
end

function request()
  if not mixed then
    return wrk.format("GET", prefix .. story() .. suffix)
  end
  local pick = math.random(10)
  if pick <= 4 then
    return wrk.format("GET", "/stories/" .. story() .. ".html")
  elseif pick <= 7 then
    return wrk.format("GET", "/api/stories/" .. story())
  elseif pick == 8 then
    return wrk.format("GET", "/api/stories?page=" .. math.random(50) .. "&sort=size")
  elseif pick == 9 then
    return wrk.format("GET", "/api/search?q=" .. words[math.random(#words)])
  else
    return wrk.format("GET", "/feeds/stories/" .. story() .. ".atom")
  end
end
