-- Every request a page nobody asked for before (a query string of its own):
-- each is rendered, none is served from the page cache. wrk's threads share
-- no counter, so each numbers its own requests.
local paths = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  for _, path in ipairs(args) do table.insert(paths, path) end
  sent = 0
  stamp = os.time()
end

function request()
  sent = sent + 1
  return wrk.format(nil, paths[sent % #paths + 1] .. "?uncached=" .. stamp .. "-" .. id .. "-" .. sent)
end
