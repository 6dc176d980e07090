// The request path inside an isolate: build the JS Request, call the Worker's handler (module `fetch`,
// service-worker `fetch` listeners, or a Durable Object's `fetch`), then hand the Response back to Swift
// through a response sink: head first (status + headers), then body chunks as the stream yields them.
const { native, workers, host } = kiln;

const fetchListeners = [];
const previousAddEventListener = globalThis.addEventListener;
const previousRemoveEventListener = globalThis.removeEventListener;
// Service-worker syntax: `addEventListener('fetch', (event) => event.respondWith(...))`.
globalThis.addEventListener = function addEventListener(type, listener, options) {
  if (type === "fetch" || type === "scheduled") {
    if (typeof listener === "function" || (listener && typeof listener.handleEvent === "function")) {
      if (type === "fetch") fetchListeners.push(listener);
    }
    return;
  }
  if (previousAddEventListener) return previousAddEventListener.call(globalThis, type, listener, options);
};
globalThis.removeEventListener = function removeEventListener(type, listener, options) {
  if (type === "fetch") {
    const i = fetchListeners.indexOf(listener);
    if (i >= 0) fetchListeners.splice(i, 1);
    return;
  }
  if (previousRemoveEventListener) return previousRemoveEventListener.call(globalThis, type, listener, options);
};

class ExecutionContext {
  #waitUntil;
  #passThrough = false;
  constructor(waitUntil) { this.#waitUntil = waitUntil; }
  waitUntil(promise) { this.#waitUntil(promise); }
  passThroughOnException() { this.#passThrough = true; }
  get props() { return {}; }
  static passesThrough(ctx) { return ctx.#passThrough; }
}
workers.ExecutionContext = ExecutionContext;

class FetchEvent {
  #response = null;
  #ctx;
  constructor(request, ctx) {
    this.type = "fetch";
    this.request = request;
    this.#ctx = ctx;
  }
  respondWith(response) {
    if (this.#response) throw new DOMException("respondWith() was already called", "InvalidStateError");
    this.#response = Promise.resolve(response);
  }
  waitUntil(promise) { this.#ctx.waitUntil(promise); }
  passThroughOnException() { this.#ctx.passThroughOnException(); }
  static responseOf(event) { return event.#response; }
}
globalThis.FetchEvent = FetchEvent;

/// Keeps `waitUntil` promises from being lost: failures are logged, as wrangler does.
function waitUntil(promise) {
  Promise.resolve(promise).catch((error) => console.error("Uncaught (in waitUntil)", error));
}

workers.hasFetchListeners = () => fetchListeners.length > 0;

/// Calls the handler and gives back what it returned (a Response or a promise of one). Not async: with a
/// CPU limit set every microtask costs more, and an async wrapper would add several per request.
function callHandler(target, request, env, ctx) {
  if (target.kind === "module") {
    if (typeof target.handler.fetch !== "function") {
      throw new TypeError("The Worker's default export has no fetch() handler");
    }
    return target.handler.fetch(request, env, ctx);
  }
  if (target.kind === "object") {
    if (typeof target.instance.fetch !== "function") {
      throw new TypeError(`Durable Object class ${target.className} has no fetch() method`);
    }
    return target.instance.fetch(request);
  }
  const event = new FetchEvent(request, ctx);
  for (const listener of fetchListeners) {
    if (typeof listener === "function") listener.call(globalThis, event); else listener.handleEvent(event);
  }
  const response = FetchEvent.responseOf(event);
  if (!response) throw new Error("No fetch listener called event.respondWith()");
  return response;
}

// Headers cross to and from Swift as one "name:value" block joined by CRLF: one string per direction
// instead of a string per name and value (CR and LF cannot occur in either; a name has no colon).
// Outgoing blocks come from `host.headerBlock`, incoming ones go to `host.incomingRequest`.
const headerBlock = (headers) => host.headerBlock(headers);

workers.headerBlock = headerBlock;
workers.headerList = headerList;

function headerList(block) {
  if (block === "") return [];
  return block.split("\r\n").map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1)];
  });
}

/// Sends a Response: one whose bytes are known (string, buffer, Blob, form, null) in one native call with no
/// stream, a stream body through `pumpStream`. Throws (before sending anything) if it is not a Response.
function answer(sink, response) {
  if (!(response instanceof Response)) {
    throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  }
  const known = host.takeKnownResponseBytes(response);
  if (known !== null) {
    native.respond(sink, response.status, headerBlock(response.headers), known);
    return;
  }
  pumpStream(sink, response);
}

/// A stream body: the head goes with the first chunk already buffered behind it (or the end), so that a
/// stream that is complete at once still leaves as one write with a Content-Length; later chunks stream.
/// Chunks wait for the client: when the sink holds more than it should, the pump waits for room, and when
/// the client has gone away the body's source is cancelled (an R2 object body closes its file).
async function pumpStream(sink, response) {
  const head = () => native.head(sink, response.status, headerBlock(response.headers));
  const body = response.body;
  if (body === null) { native.end(sink); head(); return; }
  const reader = body.getReader();
  const send = async (value) => {
    let state = native.chunk(sink, value instanceof Uint8Array ? value : new Uint8Array(value));
    if (state === "wait") state = (await native.room(sink)) ? "more" : "closed";
    if (state === "closed") throw clientGone;
  };
  try {
    const first = await reader.read();
    if (first.done) { native.end(sink); head(); return; }
    // Not waited for: the client takes nothing before the head is out.
    native.chunk(sink, first.value instanceof Uint8Array ? first.value : new Uint8Array(first.value));
    // A stream that was closed when it was made settles its end within microtasks; one that has nothing
    // more yet loses the race against one macrotask and gets its head sent now.
    const second = reader.read();
    let timer;
    const early = await Promise.race([second, new Promise((resolve) => { timer = setTimeout(resolve, 0, null); })]);
    // Usually the read wins; cancelling spares every such request a timer firing into JS later.
    clearTimeout(timer);
    if (early !== null && early.done) { native.end(sink); head(); return; }
    head();
    const next = early ?? await second;
    if (next.done) { native.end(sink); return; }
    await send(next.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await send(value);
    }
    native.end(sink);
  } catch (error) {
    reader.cancel(error).catch(() => {});
    native.fail(sink, describeError(error));
  }
}

const clientGone = new Error("The client went away before the response body was sent");

/// Puts the request body into `init`: bytes as they are, `true` (it streams from the network) as a stream.
function withBody(init, sink, method, body) {
  if (body === null || method === "GET" || method === "HEAD") return;
  if (body === true) {
    init.body = requestBodyStream(sink);
    init.duplex = "half";
  } else {
    init.body = body;
  }
}

/// A request body that streams from the network: pulled chunk by chunk as the Worker reads it.
function requestBodyStream(sink) {
  return new ReadableStream({
    pull: async (controller) => {
      const chunk = await native.requestBodyRead(sink);
      if (chunk === null) controller.close(); else controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
}

function describeError(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: String(error.stack || "") };
  }
  return { name: "Error", message: String(error), stack: "" };
}
workers.describeError = describeError;

/// `ctx.passThroughOnException()` as workerd does it: when the handler then throws (before a response),
/// the request goes on to the origin unchanged and the origin's answer is the response. In dev the origin is
/// `kiln dev --upstream URL` (miniflare's `upstream`); a failing origin gives an empty 500, as in workerd.
/// With no upstream there is nothing to pass through to: the error is answered as if the method was not
/// called, and the log says why.
async function passThrough(sink, error, method, url, headers, body) {
  const upstream = workers.upstream;
  if (!upstream) {
    console.error("passThroughOnException(): kiln dev has no origin to pass the request to (start it with --upstream URL); answering with the error");
    native.fail(sink, describeError(error));
    return;
  }
  const target = new URL(url);
  const origin = new URL(upstream);
  target.protocol = origin.protocol;
  target.host = origin.host;
  let response;
  try {
    const pairs = headerList(headers).filter(([name]) => name !== "host");
    const init = { method, headers: pairs, redirect: "manual" };
    // A streamed body goes on with what the handler has not read of it.
    withBody(init, sink, method, body);
    response = await fetch(target.href, init);
  } catch (originError) {
    console.error("passThroughOnException(): the origin failed:", originError);
    response = new Response(null, { status: 500, statusText: "Internal Server Error" });
  }
  answer(sink, response);
}

/// Entry point Swift calls for every request: never throws; the outcome goes to the sink. A handler that
/// answers at once is answered in the same turn; otherwise one `then` (one microtask once it settles) waits
/// for its promise. `urlIsSerialized`: the host checked that the URL parser would give `url` back unchanged.
workers.dispatch = function dispatch(sink, target, env, method, url, urlIsSerialized, headers, body) {
  const ctx = new ExecutionContext(waitUntil);
  const fail = (error) => {
    if (target.kind !== "object" && ExecutionContext.passesThrough(ctx)) {
      console.error("Uncaught", error);
      passThrough(sink, error, method, url, headers, body);
    } else {
      native.fail(sink, describeError(error));
    }
  };
  let result;
  try {
    const request = host.incomingRequest(method, url, urlIsSerialized, headers, body === true ? requestBodyStream(sink) : body);
    result = callHandler(target, request, env, ctx);
    if (result instanceof Response) { answer(sink, result); return; }
  } catch (error) {
    fail(error);
    return;
  }
  Promise.resolve(result).then((response) => {
    try { answer(sink, response); } catch (error) { fail(error); }
  }, fail);
};
