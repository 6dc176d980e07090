// Response (Fetch Standard §5.5): constructor checks, Response.error/redirect/json, clone, and the
// internal constructor the fetch() path and the host use for statuses the constructor refuses (e.g. 101).
const internal = kiln.internal;
const { expose, shapeInterface } = internal;
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const reasonPhrase = /^[\t\x20-\x7E\x80-\xFF]*$/;
const constructing = Symbol("constructing response");

class Response {
  #type = "default"; #url = ""; #redirected = false; #status = 200; #statusText = ""; #headers; #body = null;
  #webSocket = null;
  constructor(body = null, init = {}) {
    if (body === constructing) { this.#headers = internal.headersFrom(); return; }
    init = init ?? {};
    const context = "Failed to construct 'Response'";
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`${context}: The status provided (${init.status}) is outside the range [200, 599].`);
    }
    const statusText = init.statusText === undefined ? "" : String(init.statusText);
    if (!reasonPhrase.test(statusText)) throw new TypeError(`${context}: Invalid statusText.`);
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = internal.headersFrom(init.headers);
    if (init.webSocket !== undefined && init.webSocket !== null) this.#webSocket = init.webSocket;
    if (body !== null && body !== undefined) {
      if (nullBodyStatuses.has(status)) throw new TypeError(`${context}: Response with null body status cannot have body`);
      const { body: state, contentType } = internal.extractBody(body, context);
      this.#body = state;
      if (contentType !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", contentType);
    }
  }
  static error() {
    const r = new Response(constructing);
    r.#type = "error";
    r.#status = 0;
    internal.setHeadersGuard(r.#headers, "immutable");
    return r;
  }
  static redirect(url, status = 302) {
    internal.requireArgs(arguments.length, 1, "Failed to execute 'redirect' on 'Response'");
    const parsed = internal.parseURL(internal.toUSVString(url), internal.baseURL ? internal.parseURL(internal.baseURL) : null);
    if (!parsed) throw new TypeError(`Failed to execute 'redirect' on 'Response': Invalid URL '${url}'.`);
    status = Number(status);
    if (!redirectStatuses.has(status)) throw new RangeError(`Failed to execute 'redirect' on 'Response': Invalid status code ${status}.`);
    const r = new Response(constructing);
    r.#status = status;
    r.#headers.set("location", internal.serializeURL(parsed));
    internal.setHeadersGuard(r.#headers, "immutable");
    return r;
  }
  static json(data, init = {}) {
    internal.requireArgs(arguments.length, 1, "Failed to execute 'json' on 'Response'");
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Failed to execute 'json' on 'Response': The data is not JSON serializable.");
    const hasType = init?.headers !== undefined && internal.headersFrom(init.headers).has("content-type");
    const r = new Response(text, init);
    if (!hasType) r.#headers.set("content-type", "application/json");
    return r;
  }
  get type() { return this.#type; }
  get url() { return this.#url; }
  get redirected() { return this.#redirected; }
  get status() { return this.#status; }
  get ok() { return this.#status >= 200 && this.#status <= 299; }
  get statusText() { return this.#statusText; }
  get headers() { return this.#headers; }
  get webSocket() { return this.#webSocket; }
  clone() {
    if (this.#body?.disturbed || this.#body?.locked) throw new TypeError("Failed to execute 'clone' on 'Response': Response body is already used.");
    const copy = new Response(constructing);
    copy.#type = this.#type; copy.#url = this.#url; copy.#redirected = this.#redirected;
    copy.#status = this.#status; copy.#statusText = this.#statusText;
    copy.#headers = internal.headersFrom(this.#headers);
    copy.#body = this.#body?.clone() ?? null;
    return copy;
  }
  static {
    internal.responseBody = (r) => r.#body;
    internal.responseHeaders = (r) => r.#headers;
    internal.isResponse = (r) => r !== null && typeof r === "object" && #status in r;
    // Builds a response from parts without the constructor's status limits (fetch results, host responses).
    internal.makeResponse = ({ status, statusText = "", headers = [], body = null, url = "", redirected = false, immutable = false }) => {
      const r = new Response(constructing);
      r.#status = status;
      r.#statusText = statusText;
      r.#headers = internal.headersFrom(headers, immutable ? "immutable" : "none");
      r.#url = url;
      r.#redirected = redirected;
      if (body !== null && !nullBodyStatuses.has(status)) {
        r.#body = internal.isReadableStream(body) ? new internal.BodyState(null, body) : new internal.BodyState(body, null);
      }
      return r;
    };
  }
}
internal.mixinBody(Response, internal.responseBody, internal.responseHeaders);
shapeInterface(Response);
expose("Response", Response);
