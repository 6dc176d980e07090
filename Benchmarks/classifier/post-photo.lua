-- wrk script: POSTs one photo as the multipart field `file` (path given after `--`), and collects the
-- object's x-batch-size and Server-Timing `inference;dur=` answers: done() prints
-- "batch sizes: SIZE×REQUESTS@MS_PER_IMAGE ..." over all threads (inference time / batch size, averaged).
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

-- Per thread: requests and summed inference ms by batch size, also kept as a string (wrk's thread:get
-- copies only plain values).
local counts, sums = {}, {}
batch_counts = ""

function response(status, headers, body)
  local size = tonumber(headers["x-batch-size"])
  if size == nil then return end
  local ms = tonumber(string.match(headers["server-timing"] or "", "inference;dur=([%d.]+)")) or 0
  counts[size] = (counts[size] or 0) + 1
  sums[size] = (sums[size] or 0) + ms
  local parts = {}
  for s, n in pairs(counts) do table.insert(parts, s .. "=" .. n .. ":" .. sums[s]) end
  batch_counts = table.concat(parts, ",")
end

function done(summary, latency, requests)
  local counts, sums, sizes = {}, {}, {}
  for _, thread in ipairs(threads) do
    for s, n, ms in string.gmatch(thread:get("batch_counts") or "", "(%d+)=(%d+):([%d.e+-]+)") do
      s = tonumber(s)
      if counts[s] == nil then table.insert(sizes, s) end
      counts[s] = (counts[s] or 0) + tonumber(n)
      sums[s] = (sums[s] or 0) + tonumber(ms)
    end
  end
  table.sort(sizes)
  local parts = {}
  for _, s in ipairs(sizes) do
    table.insert(parts, string.format("%d×%d@%.1f", s, counts[s], sums[s] / counts[s] / s))
  end
  print("batch sizes: " .. table.concat(parts, " "))
end
