// URLSearchParams (URL Standard §6.2) and the application/x-www-form-urlencoded parser and serializer
// (§5), which FormData and Request/Response bodies share.
const internal = kiln.internal;
const { expose, shapeInterface, toUSVString, requireArgs } = internal;

internal.parseFormURLEncoded = function parseFormURLEncoded(input) {
  const bytes = typeof input === "string" ? internal.utf8Encode(input) : input;
  const out = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x26) continue;
    const sequence = bytes.slice(start, i);
    start = i + 1;
    if (!sequence.length) continue;
    for (let j = 0; j < sequence.length; j++) if (sequence[j] === 0x2B) sequence[j] = 0x20;
    const eq = sequence.indexOf(0x3D);
    const name = eq < 0 ? sequence : sequence.subarray(0, eq);
    const value = eq < 0 ? new Uint8Array(0) : sequence.subarray(eq + 1);
    out.push([internal.utf8DecodeWithoutBOM(internal.percentDecode(name)), internal.utf8DecodeWithoutBOM(internal.percentDecode(value))]);
  }
  return out;
};

internal.serializeFormURLEncoded = function serializeFormURLEncoded(list) {
  const set = internal.percentEncodeSets.formURLEncoded;
  return list.map(([name, value]) => `${internal.percentEncodeString(name, set, true)}=${internal.percentEncodeString(value, set, true)}`).join("&");
};

class URLSearchParams {
  #list = [];
  #url = null; // the URL record this object updates, when it belongs to a URL
  constructor(init = "") {
    if (init !== null && typeof init === "object" || typeof init === "function") {
      if (init instanceof URLSearchParams) this.#list = init.#list.map((pair) => [...pair]);
      else if (typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const items = [...pair];
          if (items.length !== 2) throw new TypeError("Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.");
          this.#list.push([toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          if (typeof key === "symbol" || !Object.prototype.propertyIsEnumerable.call(init, key)) continue;
          this.#list.push([toUSVString(key), toUSVString(init[key])]);
        }
      }
    } else {
      let s = toUSVString(init);
      if (s.startsWith("?")) s = s.slice(1);
      this.#list = internal.parseFormURLEncoded(s);
    }
  }
  get size() { return this.#list.length; }
  append(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'append' on 'URLSearchParams'");
    this.#list.push([toUSVString(name), toUSVString(value)]);
    this.#update();
  }
  delete(name, value = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'delete' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value === undefined) this.#list = this.#list.filter(([n]) => n !== name);
    else { value = toUSVString(value); this.#list = this.#list.filter(([n, v]) => n !== name || v !== value); }
    this.#update();
  }
  get(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'get' on 'URLSearchParams'");
    name = toUSVString(name);
    return this.#list.find(([n]) => n === name)?.[1] ?? null;
  }
  getAll(name) {
    requireArgs(arguments.length, 1, "Failed to execute 'getAll' on 'URLSearchParams'");
    name = toUSVString(name);
    return this.#list.filter(([n]) => n === name).map(([, v]) => v);
  }
  has(name, value = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'has' on 'URLSearchParams'");
    name = toUSVString(name);
    if (value === undefined) return this.#list.some(([n]) => n === name);
    value = toUSVString(value);
    return this.#list.some(([n, v]) => n === name && v === value);
  }
  set(name, value) {
    requireArgs(arguments.length, 2, "Failed to execute 'set' on 'URLSearchParams'");
    name = toUSVString(name); value = toUSVString(value);
    const i = this.#list.findIndex(([n]) => n === name);
    if (i < 0) this.#list.push([name, value]);
    else {
      this.#list[i][1] = value;
      this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
    }
    this.#update();
  }
  sort() {
    // Stable sort by UTF-16 code units, as the spec requires.
    this.#list = this.#list.map((pair, i) => [pair, i]).sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j)).map(([p]) => p);
    this.#update();
  }
  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "Failed to execute 'forEach' on 'URLSearchParams'");
    for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
  }
  *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
  *keys() { for (const [n] of this.entries()) yield n; }
  *values() { for (const [, v] of this.entries()) yield v; }
  toString() { return internal.serializeFormURLEncoded(this.#list); }

  #update() {
    if (!this.#url) return;
    const s = this.toString();
    this.#url.query = s === "" ? null : s;
    if (s === "") internal.stripTrailingSpacesFromOpaquePath?.(this.#url);
  }
  static {
    internal.urlSearchParamsList = (p) => p.#list;
    // Links a URL's searchParams to its record and refreshes the list from the record's query.
    internal.attachSearchParams = (p, url) => {
      p.#url = url;
      p.#list = url.query ? internal.parseFormURLEncoded(url.query) : [];
    };
  }
}
URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
shapeInterface(URLSearchParams);
Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, { enumerable: false });
internal.inspectEntries(URLSearchParams);
expose("URLSearchParams", URLSearchParams);
