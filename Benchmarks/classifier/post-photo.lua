-- wrk script: POSTs one photo as the multipart field `file` (path given after `--`), and counts the
-- x-batch-size answers (how many images shared each request's inference): done() prints
-- "batch sizes: SIZE×COUNT ..." over all threads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1] or ".deps/fixtures/images/chelsea-progressive.jpg"
  local file = assert(io.open(path, "rb"))
  local photo = file:read("*a")
  file:close()
  local boundary = "kiln-wrk-boundary"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  wrk.body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo\"\r\n"
    .. "Content-Type: application/octet-stream\r\n\r\n" .. photo .. "\r\n--" .. boundary .. "--\r\n"
end

-- Per thread: counts by batch size, kept as a string too (wrk's thread:get copies only plain values).
local counts = {}
batch_counts = ""

function response(status, headers, body)
  local size = tonumber(headers["x-batch-size"])
  if size == nil then return end
  counts[size] = (counts[size] or 0) + 1
  local parts = {}
  for s, n in pairs(counts) do table.insert(parts, s .. "=" .. n) end
  batch_counts = table.concat(parts, ",")
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for s, n in string.gmatch(thread:get("batch_counts") or "", "(%d+)=(%d+)") do
      total[tonumber(s)] = (total[tonumber(s)] or 0) + tonumber(n)
    end
  end
  local sizes = {}
  for s in pairs(total) do table.insert(sizes, s) end
  table.sort(sizes)
  local parts = {}
  for _, s in ipairs(sizes) do table.insert(parts, s .. "×" .. total[s]) end
  print("batch sizes: " .. table.concat(parts, " "))
end
