// WebIDL-style helpers shared by every runtime file: global exposure, argument conversions, class shaping.
const internal = kiln.internal;

internal.expose = function expose(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
};

// Makes a class look like a WebIDL interface: toStringTag, non-enumerable prototype members stay as classes
// define them, and accessors/methods listed become enumerable like WebIDL attributes/operations are.
// Getter names are recorded so console.log can show an object's attributes, as browser consoles do.
internal.inspectable = new Map();
internal.shapeInterface = function shapeInterface(cls, name = cls.name) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
  const attributes = [];
  for (const key of Object.getOwnPropertyNames(cls.prototype)) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
    d.enumerable = true;
    Object.defineProperty(cls.prototype, key, d);
    if (d.get && !/^on/.test(key)) attributes.push(key);
  }
  const inherited = internal.inspectable.get(Object.getPrototypeOf(cls.prototype)) ?? [];
  internal.inspectable.set(cls.prototype, [...inherited, ...attributes]);
};

internal.requireArgs = function requireArgs(count, needed, context) {
  if (count < needed) {
    throw new TypeError(`${context}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${count} present.`);
  }
};

internal.toUSVString = function toUSVString(value) {
  const s = String(value);
  return typeof s.toWellFormed === "function" ? s.toWellFormed() : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
};

internal.toByteString = function toByteString(value, context) {
  const s = String(value);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) throw new TypeError(`${context}: value contains a character outside Latin-1 at index ${i}.`);
  }
  return s;
};

internal.isBufferSource = function isBufferSource(v) {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v) ||
    (typeof SharedArrayBuffer === "function" && v instanceof SharedArrayBuffer);
};

// A copy of the bytes of a BufferSource (the spec copies at construction for Blob/Request/Response).
internal.copyBytes = function copyBytes(source) {
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  }
  return new Uint8Array(source.slice(0));
};

// A view over the bytes of a BufferSource without copying.
internal.viewBytes = function viewBytes(source) {
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return new Uint8Array(source);
};

internal.concatBytes = function concatBytes(chunks) {
  let total = 0;
  for (const c of chunks) total += c.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) { out.set(c, offset); offset += c.byteLength; }
  return out;
};

internal.enforceRange = function enforceRange(value, min, max, context) {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${context}: value is not a finite number.`);
  const t = Math.trunc(n);
  if (t < min || t > max) throw new RangeError(`${context}: value ${t} is outside the range ${min}..${max}.`);
  return t;
};
