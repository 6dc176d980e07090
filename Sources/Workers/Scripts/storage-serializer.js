// Copies values into Durable Object storage and across isolates (RPC) the way structured clone does:
// numbers (NaN, ±Infinity, -0), strings, booleans, null, undefined, BigInt, arrays, plain objects, Map, Set,
// Date, RegExp, ArrayBuffer, typed arrays, DataView and Errors, with shared and cyclic references kept.
// The text form is JSON with tagged objects ({"$": kind, ...}); functions and symbols throw DataCloneError.
const { workers } = kiln;
const typedArrays = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array };
if (typeof Float16Array === "function") typedArrays.Float16Array = Float16Array;
const tagOf = (v) => Object.prototype.toString.call(v).slice(8, -1);
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function toBase64(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

function fromBase64(text) {
  const clean = text.replace(/=+$/, "");
  const bytes = new Uint8Array(Math.floor(clean.length * 3 / 4));
  let bits = 0, value = 0, j = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | B64.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) { bits -= 8; bytes[j++] = (value >> bits) & 255; }
  }
  return bytes;
}

function cloneError(value) {
  const what = typeof value === "function" ? "function" : typeof value === "symbol" ? "symbol" : `#<${tagOf(value)}>`;
  return new DOMException(`${what} could not be cloned.`, "DataCloneError");
}

function encode(value, seen) {
  switch (typeof value) {
    case "string": case "boolean": return value;
    case "undefined": return { $: "u" };
    case "bigint": return { $: "big", v: value.toString() };
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $: "num", v: Object.is(value, -0) ? "-0" : String(value) };
    case "function": case "symbol": throw cloneError(value);
  }
  if (value === null) return null;
  if (seen.has(value)) return { $: "ref", i: seen.get(value) };
  seen.set(value, seen.size);
  const tag = tagOf(value);
  if (Array.isArray(value)) return { $: "arr", v: Array.from(value, (item) => encode(item, seen)) };
  if (tag in typedArrays && ArrayBuffer.isView(value)) {
    return { $: "ta", t: tag, v: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  switch (tag) {
    case "Date": return { $: "date", v: value.getTime() };
    case "RegExp": return { $: "re", s: value.source, f: value.flags };
    case "Map": return { $: "map", v: Array.from(value, ([k, v]) => [encode(k, seen), encode(v, seen)]) };
    case "Set": return { $: "set", v: Array.from(value, (v) => encode(v, seen)) };
    case "ArrayBuffer": return { $: "ab", v: toBase64(new Uint8Array(value)) };
    case "DataView":
      return { $: "dv", v: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    case "Error": return { $: "err", n: value.name, m: value.message, s: String(value.stack ?? "") };
    case "Boolean": case "Number": case "String": return { $: "box", v: encode(value.valueOf(), seen) };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw cloneError(value);
  const entries = [];
  for (const key of Object.keys(value)) entries.push([key, encode(value[key], seen)]);
  return { $: "obj", v: entries };
}

function decode(node, made) {
  if (node === null || typeof node !== "object") return node;
  const keep = (value) => { made.push(value); return value; };
  switch (node.$) {
    case "u": return undefined;
    case "big": return BigInt(node.v);
    case "num": return node.v === "-0" ? -0 : Number(node.v);
    case "ref": return made[node.i];
    case "arr": { const out = keep([]); for (const item of node.v) out.push(decode(item, made)); return out; }
    case "obj": { const out = keep({}); for (const [k, v] of node.v) out[k] = decode(v, made); return out; }
    case "map": { const out = keep(new Map()); for (const [k, v] of node.v) out.set(decode(k, made), decode(v, made)); return out; }
    case "set": { const out = keep(new Set()); for (const v of node.v) out.add(decode(v, made)); return out; }
    case "date": return keep(new Date(node.v));
    case "re": return keep(new RegExp(node.s, node.f));
    case "ab": return keep(fromBase64(node.v).buffer);
    case "dv": return keep(new DataView(fromBase64(node.v).buffer));
    case "ta": {
      const bytes = fromBase64(node.v);
      const Type = typedArrays[node.t];
      return keep(new Type(bytes.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT));
    }
    case "err": {
      const Type = globalThis[node.n] && globalThis[node.n].prototype instanceof Error ? globalThis[node.n] : Error;
      const error = keep(new Type(node.m));
      if (node.s) error.stack = node.s;
      return error;
    }
    case "box": { const slot = made.length; made.push(null); const boxed = Object(decode(node.v, made)); made[slot] = boxed; return boxed; }
  }
  throw new TypeError(`Stored value has an unknown tag "${node.$}"`);
}

workers.serialize = (value) => JSON.stringify(encode(value, new Map()));
workers.deserialize = (text) => decode(JSON.parse(text), []);
