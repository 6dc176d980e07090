// Headers (Fetch Standard §5.2). Names are stored lowercased (every observable read lowercases them anyway);
// iteration sorts and combines, keeping each Set-Cookie separate. Guards: "none" and "immutable" — Kiln is a
// server runtime, so like workerd it forbids no request or response header names.
const internal = kiln.internal;
const { expose, shapeInterface, requireArgs, toByteString } = internal;
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function normalizeValue(value) {
  return toByteString(value, "Headers").replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}
function validate(name, value, context) {
  if (!tokenPattern.test(name)) throw new TypeError(`${context}: Invalid name '${name}'.`);
  if (/[\0\r\n]/.test(value)) throw new TypeError(`${context}: Invalid value for header '${name}'.`);
}

class Headers {
  #list = []; // [lowercased name, value]
  #guard = "none";
  constructor(init = undefined) {
    if (init !== undefined && init !== null) this.#fill(init, "Failed to construct 'Headers'");
    else if (init === null) throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
  }
  #fill(init, context) {
    if (typeof init !== "object" && typeof init !== "function") {
      throw new TypeError(`${context}: The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.`);
    }
    if (init instanceof Headers) { for (const [n, v] of init.#list) this.#list.push([n, v]); return; }
    if (typeof init[Symbol.iterator] === "function") {
      for (const pair of init) {
        const items = typeof pair === "string" ? null : [...pair];
        if (!items || items.length !== 2) throw new TypeError(`${context}: Invalid value; each header must be a [name, value] pair.`);
        this.#append(items[0], items[1], context);
      }
      return;
    }
    for (const key of Reflect.ownKeys(init)) {
      if (typeof key === "symbol" || !Object.prototype.propertyIsEnumerable.call(init, key)) continue;
      this.#append(key, init[key], context);
    }
  }
  #checkMutable(context) {
    if (this.#guard === "immutable") throw new TypeError(`${context}: Headers are immutable.`);
  }
  #append(name, value, context) {
    const n = toByteString(name, context);
    const v = normalizeValue(value);
    validate(n, v, context);
    this.#checkMutable(context);
    this.#list.push([n.toLowerCase(), v]);
  }
  append(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'Headers'");
    this.#append(name, value, "Failed to execute 'append' on 'Headers'");
  }
  delete(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'Headers'");
    const n = toByteString(name, "Headers");
    if (!tokenPattern.test(n)) throw new TypeError(`Failed to execute 'delete' on 'Headers': Invalid name '${n}'.`);
    this.#checkMutable("Failed to execute 'delete' on 'Headers'");
    const lower = n.toLowerCase();
    this.#list = this.#list.filter(([k]) => k !== lower);
  }
  get(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'Headers'");
    const n = toByteString(name, "Headers");
    if (!tokenPattern.test(n)) throw new TypeError(`Failed to execute 'get' on 'Headers': Invalid name '${n}'.`);
    return this.#combined(n.toLowerCase());
  }
  getSetCookie() { return this.#list.filter(([k]) => k === "set-cookie").map(([, v]) => v); }
  has(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'Headers'");
    const n = toByteString(name, "Headers");
    if (!tokenPattern.test(n)) throw new TypeError(`Failed to execute 'has' on 'Headers': Invalid name '${n}'.`);
    const lower = n.toLowerCase();
    return this.#list.some(([k]) => k === lower);
  }
  set(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'Headers'");
    const context = "Failed to execute 'set' on 'Headers'";
    const n = toByteString(name, context), v = normalizeValue(value);
    validate(n, v, context);
    this.#checkMutable(context);
    const lower = n.toLowerCase();
    const i = this.#list.findIndex(([k]) => k === lower);
    if (i < 0) { this.#list.push([lower, v]); return; }
    this.#list[i][1] = v;
    this.#list = this.#list.filter(([k], j) => j <= i || k !== lower);
  }
  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'forEach' on 'Headers'");
    for (const [name, value] of this.#sortedAndCombined()) callback.call(thisArg, value, name, this);
  }
  *entries() { yield* this.#sortedAndCombined(); }
  *keys() { for (const [n] of this.#sortedAndCombined()) yield n; }
  *values() { for (const [, v] of this.#sortedAndCombined()) yield v; }

  #combined(lower) {
    const values = this.#list.filter(([k]) => k === lower).map(([, v]) => v);
    return values.length ? values.join(", ") : null;
  }
  #sortedAndCombined() {
    const names = [...new Set(this.#list.map(([k]) => k))].sort();
    const out = [];
    for (const name of names) {
      if (name === "set-cookie") for (const v of this.getSetCookie()) out.push([name, v]);
      else out.push([name, this.#combined(name)]);
    }
    return out;
  }
  static {
    internal.headerList = (h) => h.#list;
    internal.setHeadersGuard = (h, guard) => { h.#guard = guard; };
    internal.headersFrom = (init, guard = "none") => {
      const h = new Headers(init ?? undefined);
      h.#guard = guard;
      return h;
    };
    // Header pairs as they go on the wire, in insertion order (Swift's request/response path uses this).
    internal.headerPairs = (h) => h.#list.map(([k, v]) => [k, v]);
    // Headers from a "name:value" block joined by CRLF (the host's incoming requests), each checked and
    // normalized as `append` does, without the generic sequence-of-pairs walk.
    internal.headersFromBlock = (block, context) => {
      const h = new Headers();
      if (block === "") return h;
      let start = 0;
      for (;;) {
        const end = block.indexOf("\r\n", start);
        const line = end < 0 ? block.slice(start) : block.slice(start, end);
        const colon = line.indexOf(":");
        h.#append(line.slice(0, colon), line.slice(colon + 1), context);
        if (end < 0) return h;
        start = end + 2;
      }
    };
    // What `forEach` visits (sorted, combined, Set-Cookie kept apart) as one "name:value" block joined by CRLF,
    // for the host's response path. One header needs no sorting or combining.
    internal.headerBlock = (h) => {
      const list = h.#list;
      if (list.length === 0) return "";
      if (list.length === 1) return `${list[0][0]}:${list[0][1]}`;
      let block = "";
      for (const [name, value] of h.#sortedAndCombined()) block += block === "" ? `${name}:${value}` : `\r\n${name}:${value}`;
      return block;
    };
  }
}
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
shapeInterface(Headers);
Object.defineProperty(Headers.prototype, Symbol.iterator, { enumerable: false });
internal.inspectEntries(Headers);
expose("Headers", Headers);
