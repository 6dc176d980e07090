// fetch() (Fetch Standard §5.6) over the host's HTTP client (AsyncHTTPClient). The host makes exactly one
// HTTP exchange per call (kiln.native.fetch, WebAPIs/FetchNatives.swift); redirects are followed here so
// `redirected`, `url` and the 303/301/302 method rewrites follow the spec. The response body streams in as
// it is read. data: URLs are answered without the network.
const internal = kiln.internal;
const { expose } = internal;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const maxRedirects = 20;

function networkError(message, cause) {
  const error = new TypeError(`fetch failed: ${message}`);
  if (cause !== undefined) error.cause = cause;
  return error;
}

function fetchDataURL(url) {
  const record = internal.parseURL(url);
  const body = internal.serializeURL(record, true).slice(5);
  const comma = body.indexOf(",");
  if (comma < 0) throw networkError("invalid data: URL");
  let mime = body.slice(0, comma).trim();
  let bytes = internal.percentDecode(body.slice(comma + 1));
  if (/;\s*base64$/i.test(mime)) {
    const binary = atob(String.fromCharCode(...bytes));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    mime = mime.replace(/;\s*base64$/i, "");
  }
  if (mime.startsWith(";")) mime = "text/plain" + mime;
  return internal.makeResponse({ status: 200, statusText: "OK", headers: [["content-type", mime || "text/plain;charset=US-ASCII"]], body: bytes, url, immutable: true });
}

// The response head, or a rejection with the signal's reason once it aborts (which also cancels the HTTP
// request: AsyncHTTPClient drops it and closes its connection).
function awaitHead(exchange, signal) {
  return new Promise((resolve, reject) => {
    const removeAbort = internal.onAbort(signal, (reason) => { exchange.cancel(); reject(reason); });
    exchange.head.then(
      (head) => { removeAbort(); resolve(head); },
      (error) => { removeAbort(); reject(signal.aborted ? signal.reason : networkError(error?.message ?? String(error), error)); },
    );
  });
}

// The response body as a stream fed by the host as it is read: each pull asks for one more chunk
// (highWaterMark 0, so nothing is requested ahead of the reader and the host's buffer limits what is in
// flight). Cancelling the stream cancels the request; so does aborting the signal before the body ends,
// which errors the stream with the abort reason as the Fetch Standard's "abort fetch" does.
function responseStream(exchange, signal) {
  let controller;
  let removeAbort = () => {};
  const stream = new ReadableStream({
    start(c) { controller = c; },
    async pull(c) {
      let chunk;
      try {
        chunk = await exchange.read();
      } catch (error) {
        removeAbort();
        if (!signal.aborted) c.error(networkError(error?.message ?? String(error), error));
        return;
      }
      if (signal.aborted) return;
      if (chunk === null) {
        removeAbort();
        c.close();
      } else {
        c.enqueue(chunk);
      }
    },
    cancel() {
      removeAbort();
      exchange.cancel();
    },
  }, { highWaterMark: 0 });
  removeAbort = internal.onAbort(signal, (reason) => {
    exchange.cancel();
    controller.error(reason);
  });
  return stream;
}

async function fetch(input, init = undefined) {
  internal.requireArgs(arguments.length, 1, "Failed to execute 'fetch'");
  const request = new Request(input, init);
  const signal = request.signal;
  if (signal.aborted) throw signal.reason;
  const scheme = request.url.slice(0, request.url.indexOf(":"));
  if (scheme === "data") return fetchDataURL(request.url);
  if (scheme !== "http" && scheme !== "https") throw networkError(`URL scheme '${scheme}' is not supported.`);

  const requestBody = internal.requestBody(request);
  let body = requestBody === null ? null : await requestBody.consume("Failed to execute 'fetch'");
  let method = request.method;
  let url = request.url;
  let headers = internal.headerPairs(request.headers);
  for (let redirects = 0; ; redirects++) {
    if (signal.aborted) throw signal.reason;
    const exchange = kiln.native.fetch({ method, url, headers, body });
    const result = await awaitHead(exchange, signal);
    if (redirectStatuses.has(result.status) && request.redirect !== "manual") {
      if (request.redirect === "error") {
        exchange.cancel();
        throw networkError(`redirect to ${url} refused (redirect mode is "error").`);
      }
      const location = result.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
      if (location !== undefined) {
        exchange.cancel();
        const next = internal.parseURL(location, internal.parseURL(url));
        if (!next) throw networkError(`invalid redirect location '${location}'.`);
        if (next.scheme !== "http" && next.scheme !== "https") throw networkError(`redirect to a '${next.scheme}:' URL is not allowed.`);
        if (redirects + 1 > maxRedirects) throw networkError("too many redirects.");
        if ((result.status === 303 && method !== "GET" && method !== "HEAD") || ((result.status === 301 || result.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          headers = headers.filter(([k]) => !["content-type", "content-length", "content-encoding", "content-language", "content-location"].includes(k));
        }
        url = internal.serializeURL(next);
        continue;
      }
    }
    const hasBody = method !== "HEAD" && !nullBodyStatuses.has(result.status);
    if (!hasBody) exchange.cancel();
    return internal.makeResponse({
      status: result.status, statusText: result.statusText, headers: result.headers,
      body: hasBody ? responseStream(exchange, signal) : null, url, redirected: redirects > 0, immutable: true,
    });
  }
}
expose("fetch", fetch);
