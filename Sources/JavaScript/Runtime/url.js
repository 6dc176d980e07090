// URL (URL Standard §6.1): the API over the basic URL parser's record, including every setter.
const internal = kiln.internal;
const { expose, shapeInterface, toUSVString, requireArgs, parseURL, serializeURL } = internal;

function parseWithBase(url, base, context) {
  let parsedBase = null;
  if (base !== undefined) {
    parsedBase = parseURL(toUSVString(base));
    if (!parsedBase) return { error: new TypeError(`${context}: Invalid base URL '${toUSVString(base)}'.`) };
  }
  const record = parseURL(toUSVString(url), parsedBase);
  if (!record) return { error: new TypeError(`${context}: Invalid URL '${toUSVString(url)}'.`) };
  return { record };
}

internal.stripTrailingSpacesFromOpaquePath = function (url) {
  if (typeof url.path !== "string" || url.fragment !== null || url.query !== null) return;
  url.path = url.path.replace(/ +$/, "");
};

class URL {
  #url;
  #searchParams;
  constructor(url, base = undefined) {
    requireArgs(arguments.length, 1, "Failed to construct 'URL'");
    const { record, error } = parseWithBase(url, base, "Failed to construct 'URL'");
    if (error) throw error;
    this.#url = record;
    this.#searchParams = new URLSearchParams();
    internal.attachSearchParams(this.#searchParams, record);
  }
  static parse(url, base = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'parse' on 'URL'");
    try { return new URL(url, base); } catch { return null; }
  }
  static canParse(url, base = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'canParse' on 'URL'");
    return !parseWithBase(url, base, "").error;
  }
  // Setters run the parser over this URL's record from a state; as in the spec, changes made before a
  // failure stay (e.g. the host of "example.com:bad" is set, the port is not).
  #apply(input, state, prepare = () => {}) {
    prepare(this.#url);
    parseURL(input, null, this.#url, state);
    internal.attachSearchParams(this.#searchParams, this.#url);
  }

  get href() { return serializeURL(this.#url); }
  set href(value) {
    const record = parseURL(toUSVString(value));
    if (!record) throw new TypeError(`Failed to set the 'href' property on 'URL': Invalid URL '${toUSVString(value)}'.`);
    this.#url = record;
    internal.attachSearchParams(this.#searchParams, record);
  }
  get origin() { return internal.serializeOrigin(this.#url); }
  get protocol() { return this.#url.scheme + ":"; }
  set protocol(value) { this.#apply(toUSVString(value) + ":", "scheme start"); }
  get username() { return this.#url.username; }
  set username(value) {
    if (this.#cannotHaveCredentials()) return;
    this.#url.username = internal.percentEncodeString(toUSVString(value), internal.percentEncodeSets.userinfo);
  }
  get password() { return this.#url.password; }
  set password(value) {
    if (this.#cannotHaveCredentials()) return;
    this.#url.password = internal.percentEncodeString(toUSVString(value), internal.percentEncodeSets.userinfo);
  }
  #cannotHaveCredentials() { return this.#url.host === null || this.#url.host === "" || this.#url.scheme === "file"; }
  get host() {
    const { host, port } = this.#url;
    if (host === null) return "";
    return port === null ? host : `${host}:${port}`;
  }
  set host(value) {
    if (typeof this.#url.path === "string") return;
    this.#apply(toUSVString(value), "host");
  }
  get hostname() { return this.#url.host ?? ""; }
  set hostname(value) {
    if (typeof this.#url.path === "string") return;
    this.#apply(toUSVString(value), "hostname");
  }
  get port() { return this.#url.port === null ? "" : String(this.#url.port); }
  set port(value) {
    if (this.#cannotHaveCredentials()) return;
    const s = toUSVString(value);
    if (s === "") { this.#url.port = null; return; }
    this.#apply(s, "port");
  }
  get pathname() { return internal.serializePath(this.#url); }
  set pathname(value) {
    if (typeof this.#url.path === "string") return;
    this.#apply(toUSVString(value), "path start", (r) => { r.path = []; });
  }
  get search() { return this.#url.query ? "?" + this.#url.query : ""; }
  set search(value) {
    const s = toUSVString(value);
    if (s === "") {
      this.#url.query = null;
      internal.attachSearchParams(this.#searchParams, this.#url);
      internal.stripTrailingSpacesFromOpaquePath(this.#url);
      return;
    }
    this.#apply(s.startsWith("?") ? s.slice(1) : s, "query", (r) => { r.query = ""; });
  }
  get searchParams() { return this.#searchParams; }
  get hash() { return this.#url.fragment ? "#" + this.#url.fragment : ""; }
  set hash(value) {
    const s = toUSVString(value);
    if (s === "") {
      this.#url.fragment = null;
      internal.stripTrailingSpacesFromOpaquePath(this.#url);
      return;
    }
    this.#apply(s.startsWith("#") ? s.slice(1) : s, "fragment", (r) => { r.fragment = ""; });
  }
  toString() { return this.href; }
  toJSON() { return this.href; }
  static { internal.urlRecord = (u) => u.#url; }
}
shapeInterface(URL);
expose("URL", URL);
