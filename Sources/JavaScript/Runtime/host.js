// What the Swift host calls (through WebAPIs in WebAPIs/WebAPIs.swift): build a Request for an incoming
// HTTP request, and take a Response apart to send it. Not reachable from user code.
const internal = kiln.internal;

function describe(value) {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return Object.prototype.toString.call(value).slice(8, -1);
}
function requireResponse(value) {
  if (!internal.isResponse(value)) throw new TypeError(`Expected a Response, but got ${describe(value)}.`);
  return value;
}

kiln.host = {
  makeRequest(method, url, headerPairs, body) {
    return internal.makeRequest(method, url, headerPairs, body, null);
  },
  // An incoming HTTP request (see internal.incomingRequest in request.js): headers as a "name:value" block
  // joined by CRLF; `urlIsSerialized` only where the URL parser would give `url` back unchanged.
  incomingRequest(method, url, urlIsSerialized, headerBlock, body) {
    return internal.incomingRequest(method, url, urlIsSerialized, headerBlock, body);
  },
  // A Headers object as the one "name:value" CRLF block the host sends (sorted and combined, as forEach).
  headerBlock(headers) {
    return internal.headerBlock(headers);
  },
  abortRequest(request, reason) {
    if (!internal.isRequest(request)) throw new TypeError(`Expected a Request, but got ${describe(request)}.`);
    internal.signalAbort(request.signal, reason ?? new DOMException("The client closed the connection.", "AbortError"));
  },
  responseHead(response) {
    requireResponse(response);
    return { status: response.status, statusText: response.statusText, headers: internal.headerPairs(response.headers) };
  },
  // The whole body as one Uint8Array (empty for a null body); rejects if it was already used.
  async readResponseBody(response) {
    const body = internal.responseBody(requireResponse(response));
    if (body === null) return new Uint8Array(0);
    return body.consume("Response body");
  },
  // The whole body when its bytes are already known (a string, buffer, Blob or form body), marking it used;
  // null when it comes from a stream (or was used), so the caller streams it instead. A null body gives
  // an empty array. Spares the host a ReadableStream and its reads for the common case.
  takeKnownResponseBytes(response) {
    const body = internal.responseBody(requireResponse(response));
    if (body === null) return new Uint8Array(0);
    if (body.stream !== null || body.disturbed) return null;
    body.used = true;
    return body.bytes;
  },
  // A reader over the body for streaming it out, or null for a null body. Bytes already known are handed
  // over as one chunk without building a stream.
  openResponseBody(response) {
    const body = internal.responseBody(requireResponse(response));
    if (body === null) return null;
    if (body.disturbed || body.locked) throw new TypeError("Response body has already been used.");
    return body.readableStream().getReader();
  },
};
