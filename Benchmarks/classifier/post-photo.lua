-- wrk script: POSTs one photo as the multipart field `file` (path given after `--`).
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
