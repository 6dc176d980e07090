// Request (Fetch Standard §5.4), server-side flavoured like workerd: no CORS modes are enforced, but method,
// URL, header, body and signal rules are the spec's.
const internal = kiln.internal;
const { expose, shapeInterface, requireArgs, toUSVString } = internal;
const normalizedMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const enums = {
  mode: ["navigate", "same-origin", "no-cors", "cors"],
  credentials: ["omit", "same-origin", "include"],
  cache: ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"],
  redirect: ["follow", "error", "manual"],
  referrerPolicy: ["", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
    "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"],
};

function checkEnum(key, value) {
  const s = String(value);
  if (!enums[key].includes(s)) throw new TypeError(`Failed to construct 'Request': The provided value '${s}' is not a valid enum value of type Request${key[0].toUpperCase() + key.slice(1)}.`);
  return s;
}

// The method in `init.method` as the constructor takes it: a token, not a forbidden one, the usual ones uppercased.
function normalizeMethod(value, context) {
  let method = internal.toByteString(value, context);
  if (!tokenPattern.test(method)) throw new TypeError(`${context}: '${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (forbiddenMethods.has(upper)) throw new TypeError(`${context}: '${method}' HTTP method is unsupported.`);
  if (normalizedMethods.has(upper)) method = upper;
  return method;
}

function parseRequestURL(input, context) {
  const url = internal.parseURL(toUSVString(input), internal.baseURL ? internal.parseURL(internal.baseURL) : null);
  if (!url) throw new TypeError(`${context}: Invalid URL '${toUSVString(input)}'.`);
  if (internal.includesCredentials(url)) throw new TypeError(`${context}: Request cannot be constructed from a URL that includes credentials: ${toUSVString(input)}`);
  return internal.serializeURL(url);
}

// Makes the constructor return a bare Request for the host's fast path (internal.incomingRequest).
const incoming = Symbol("incoming request");

class Request {
  #method = "GET"; #url; #headers; #body = null; #signal;
  #mode = "cors"; #credentials = "same-origin"; #cache = "default"; #redirect = "follow";
  #referrer = "about:client"; #referrerPolicy = ""; #integrity = ""; #keepalive = false; #cf;
  constructor(input, init = {}) {
    if (input === incoming) return;
    requireArgs(arguments.length, 1, "Failed to construct 'Request'");
    init = init ?? {};
    const context = "Failed to construct 'Request'";
    let inputBody = null;
    let signal = null;
    if (input instanceof Request) {
      this.#method = input.#method; this.#url = input.#url; this.#mode = input.#mode;
      this.#credentials = input.#credentials; this.#cache = input.#cache; this.#redirect = input.#redirect;
      this.#referrer = input.#referrer; this.#referrerPolicy = input.#referrerPolicy;
      this.#integrity = input.#integrity; this.#keepalive = input.#keepalive; this.#cf = input.#cf;
      inputBody = input.#body;
      signal = input.#signal;
      this.#headers = internal.headersFrom(input.#headers);
    } else {
      this.#url = parseRequestURL(input, context);
      this.#headers = internal.headersFrom();
    }
    if (init.method !== undefined) this.#method = normalizeMethod(init.method, context);
    if (init.mode !== undefined) this.#mode = checkEnum("mode", init.mode);
    if (init.credentials !== undefined) this.#credentials = checkEnum("credentials", init.credentials);
    if (init.cache !== undefined) this.#cache = checkEnum("cache", init.cache);
    if (init.redirect !== undefined) this.#redirect = checkEnum("redirect", init.redirect);
    if (init.referrerPolicy !== undefined) this.#referrerPolicy = checkEnum("referrerPolicy", init.referrerPolicy);
    if (init.mode === "navigate") throw new TypeError(`${context}: Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.`);
    if (init.referrer !== undefined) {
      const r = toUSVString(init.referrer);
      if (r === "") this.#referrer = "no-referrer";
      else {
        const parsed = internal.parseURL(r);
        if (!parsed) throw new TypeError(`${context}: Referrer '${r}' is not a valid URL.`);
        this.#referrer = internal.serializeURL(parsed);
      }
    }
    if (init.integrity !== undefined) this.#integrity = String(init.integrity);
    if (init.keepalive !== undefined) this.#keepalive = Boolean(init.keepalive);
    if (init.cf !== undefined) this.#cf = init.cf;
    if (init.signal !== undefined && init.signal !== null) {
      if (!internal.isAbortSignal(init.signal)) throw new TypeError(`${context}: member signal is not of type AbortSignal.`);
      signal = init.signal;
    }
    // The request's own signal follows the given one (AbortSignal.any keeps it alive only while needed).
    this.#signal = signal ? AbortSignal.any([signal]) : internal.newAbortSignal();
    if (init.headers !== undefined) this.#headers = internal.headersFrom(init.headers);
    const hasBody = init.body !== undefined && init.body !== null;
    if ((hasBody || (inputBody !== null && init.body === undefined)) && (this.#method === "GET" || this.#method === "HEAD")) {
      throw new TypeError(`${context}: Request with GET/HEAD method cannot have body.`);
    }
    if (hasBody) {
      const { body, contentType } = internal.extractBody(init.body, context);
      if (body.stream !== null && init.duplex !== "half") {
        throw new TypeError(`${context}: The duplex member must be specified for a request with a streaming body.`);
      }
      this.#body = body;
      if (contentType !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", contentType);
    } else if (init.body === undefined && inputBody !== null) {
      if (inputBody.disturbed || inputBody.locked) throw new TypeError(`${context}: Cannot construct a Request with a Request object that has already been used.`);
      // The input's body moves to the new request (the spec's "proxy" through an identity transform).
      this.#body = new internal.BodyState(inputBody.bytes, inputBody.stream);
      inputBody.used = true;
    }
  }
  get method() { return this.#method; }
  get url() { return this.#url; }
  get headers() { return this.#headers; }
  get destination() { return ""; }
  get referrer() {
    if (this.#referrer === "no-referrer") return "";
    return this.#referrer;
  }
  get referrerPolicy() { return this.#referrerPolicy; }
  get mode() { return this.#mode; }
  get credentials() { return this.#credentials; }
  get cache() { return this.#cache; }
  get redirect() { return this.#redirect; }
  get integrity() { return this.#integrity; }
  get keepalive() { return this.#keepalive; }
  get isReloadNavigation() { return false; }
  get isHistoryNavigation() { return false; }
  get signal() { return this.#signal; }
  get duplex() { return "half"; }
  get cf() { return this.#cf; }
  clone() {
    if (this.#body?.disturbed || this.#body?.locked) throw new TypeError("Failed to execute 'clone' on 'Request': Request body is already used.");
    const copy = new Request(this.#url, { method: this.#method });
    copy.#headers = internal.headersFrom(this.#headers);
    copy.#body = this.#body?.clone() ?? null;
    copy.#mode = this.#mode; copy.#credentials = this.#credentials; copy.#cache = this.#cache;
    copy.#redirect = this.#redirect; copy.#referrer = this.#referrer; copy.#referrerPolicy = this.#referrerPolicy;
    copy.#integrity = this.#integrity; copy.#keepalive = this.#keepalive; copy.#cf = this.#cf;
    copy.#signal = AbortSignal.any([this.#signal]);
    return copy;
  }
  static {
    internal.requestBody = (r) => r.#body;
    internal.requestHeaders = (r) => r.#headers;
    internal.isRequest = (r) => r !== null && typeof r === "object" && #method in r;
    // The host's incoming HTTP request: the same Request as `new Request(url, { method, headers, body,
    // duplex: "half" })` with `headers` given as a "name:value" CRLF block, built without the generic init
    // walk. `urlIsSerialized`: the host checked that the URL parser would give `url` back unchanged
    // (SerializedURL in the Workers module), so it is not parsed again. `body`: null, a Uint8Array no one
    // else holds (kept without a copy), or a ReadableStream; ignored for GET and HEAD.
    internal.incomingRequest = (method, url, urlIsSerialized, headerBlock, body) => {
      const context = "Failed to construct 'Request'";
      const r = new Request(incoming);
      r.#url = urlIsSerialized ? url : parseRequestURL(url, context);
      r.#method = normalizeMethod(method, context);
      r.#headers = internal.headersFromBlock(headerBlock, context);
      r.#signal = internal.newAbortSignal();
      if (body !== null && r.#method !== "GET" && r.#method !== "HEAD") {
        r.#body = internal.isReadableStream(body) ? new internal.BodyState(null, body) : new internal.BodyState(body, null);
      }
      return r;
    };
    // A Request for the host's incoming HTTP path: any method token, bytes or a stream as the body.
    internal.makeRequest = (method, url, headerPairs, body, signal) => {
      const r = new Request(url, { headers: headerPairs, signal: signal ?? undefined });
      r.#method = normalizedMethods.has(String(method).toUpperCase()) ? String(method).toUpperCase() : String(method);
      if (body !== null && body !== undefined) {
        r.#body = internal.isReadableStream(body) ? new internal.BodyState(null, body) : new internal.BodyState(body, null);
      }
      return r;
    };
  }
}
internal.mixinBody(Request, internal.requestBody, internal.requestHeaders);
shapeInterface(Request);
expose("Request", Request);
