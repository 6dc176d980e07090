// The request path inside an isolate: build the JS Request, call the Worker's handler (module `fetch`,
// service-worker `fetch` listeners, or a Durable Object's `fetch`), then hand the Response back to Swift
// through a response sink: head first (status + headers), then body chunks as the stream yields them.
const { native, workers } = kiln;

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

async function callHandler(target, request, env) {
  const ctx = new ExecutionContext(waitUntil);
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

function headerPairs(headers) {
  const pairs = [];
  headers.forEach((value, name) => { pairs.push(name, value); });
  return pairs;
}

/// Sends the head with the first chunk already buffered behind it (or the end), so that a body that is
/// complete at once leaves as one write with a Content-Length; later chunks stream.
/// Chunks wait for the client: when the sink holds more than it should, the pump waits for room, and when
/// the client has gone away the body's source is cancelled (an R2 object body closes its file).
async function pumpBody(sink, response) {
  const head = () => native.head(sink, response.status, headerPairs(response.headers));
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
    // A body made from a string or bytes is already closed, so its end settles within microtasks; a real
    // stream that has nothing more yet loses the race against one macrotask and gets its head sent now.
    const second = reader.read();
    const early = await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 0, null))]);
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

/// Entry point Swift calls for every request: never throws; the outcome goes to the sink.
workers.dispatch = function dispatch(sink, target, env, method, url, headers, body) {
  (async () => {
    let response;
    try {
      const init = { method, headers: [] };
      for (let i = 0; i < headers.length; i += 2) init.headers.push([headers[i], headers[i + 1]]);
      if (body === true && method !== "GET" && method !== "HEAD") {
        init.body = requestBodyStream(sink);
        init.duplex = "half";
      } else if (body !== null && body !== true && method !== "GET" && method !== "HEAD") {
        init.body = body;
      }
      const request = new Request(url, init);
      response = await callHandler(target, request, env);
      if (!(response instanceof Response)) {
        throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
      }
    } catch (error) {
      native.fail(sink, describeError(error));
      return;
    }
    await pumpBody(sink, response);
  })();
};
