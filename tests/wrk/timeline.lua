-- Counts answers per wall-clock second and by status class, across wrk's threads.
local threads = {}
local paths = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  server_errors = 0
  for _, path in ipairs(args) do table.insert(paths, path) end
  if #paths == 0 then paths = {"/"} end
  index = 0
end

function request()
  index = index % #paths + 1
  return wrk.format(nil, paths[index])
end

function response(status, headers, body)
  local second = os.time()
  counts[second] = (counts[second] or 0) + 1
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local merged = {}
  local errors = 0
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("counts")) do
      merged[second] = (merged[second] or 0) + count
    end
    errors = errors + thread:get("server_errors")
  end
  io.write("server_errors ", errors, "\n")
  io.write("timeouts ", summary.errors.timeout, "\n")
  for second, count in pairs(merged) do io.write("second ", second, " ", count, "\n") end
end
