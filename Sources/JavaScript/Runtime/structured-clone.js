// structuredClone (HTML §2.7): a deep copy with cycles, Map/Set, Date, RegExp, buffers, errors and Blobs;
// anything not serializable throws DataCloneError as browsers do.
const { expose } = kiln.internal;
const errorTypes = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const typedArrayTypes = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array };
if (typeof Float16Array === "function") typedArrayTypes.Float16Array = Float16Array;
const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);

function cloneError(value) {
  return new DOMException(`${describe(value)} could not be cloned.`, "DataCloneError");
}
function describe(value) {
  if (typeof value === "function") return `${value.toString().slice(0, 60)}`;
  if (typeof value === "symbol") return value.toString();
  return `#<${tag(value)}>`;
}

function clone(value, memo) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    if (typeof value === "symbol") throw cloneError(value);
    return value;
  }
  if (typeof value === "function") throw cloneError(value);
  if (memo.has(value)) return memo.get(value);
  const remember = (copy) => { memo.set(value, copy); return copy; };
  const t = tag(value);
  switch (t) {
    case "Boolean": return remember(Object(Boolean.prototype.valueOf.call(value)));
    case "Number": return remember(Object(Number.prototype.valueOf.call(value)));
    case "String": return remember(Object(String.prototype.valueOf.call(value)));
    case "BigInt": return remember(Object(BigInt.prototype.valueOf.call(value)));
    case "Date": return remember(new Date(Date.prototype.getTime.call(value)));
    case "RegExp": return remember(new RegExp(value.source, value.flags));
    case "ArrayBuffer": return remember(value.slice(0));
    case "DataView": {
      const buffer = clone(value.buffer, memo);
      return remember(new DataView(buffer, value.byteOffset, value.byteLength));
    }
    case "Map": {
      const copy = remember(new Map());
      for (const [k, v] of Map.prototype.entries.call(value)) copy.set(clone(k, memo), clone(v, memo));
      return copy;
    }
    case "Set": {
      const copy = remember(new Set());
      for (const v of Set.prototype.values.call(value)) copy.add(clone(v, memo));
      return copy;
    }
    case "Array": {
      const copy = remember(new Array(value.length));
      for (const key of Object.keys(value)) copy[key] = clone(value[key], memo);
      return copy;
    }
    case "Error": {
      const name = errorTypes[value.name] ? value.name : "Error";
      const copy = remember(Object.create(errorTypes[name].prototype));
      const message = Object.getOwnPropertyDescriptor(value, "message");
      if (message) Object.defineProperty(copy, "message", { value: String(message.value), writable: true, configurable: true });
      if (typeof value.stack === "string") Object.defineProperty(copy, "stack", { value: value.stack, writable: true, configurable: true });
      if ("cause" in value) Object.defineProperty(copy, "cause", { value: clone(value.cause, memo), writable: true, configurable: true });
      return copy;
    }
  }
  if (typedArrayTypes[t] && ArrayBuffer.isView(value)) {
    const buffer = clone(value.buffer, memo);
    return remember(new typedArrayTypes[t](buffer, value.byteOffset, value.length));
  }
  if (kiln.internal.isDOMException?.(value)) return remember(new DOMException(value.message, value.name));
  if (typeof File === "function" && value instanceof File) {
    return remember(new File([value], value.name, { type: value.type, lastModified: value.lastModified }));
  }
  if (typeof Blob === "function" && value instanceof Blob) return remember(value.slice(0, value.size, value.type));
  if (t !== "Object") throw cloneError(value);
  // Plain objects (and class instances, which lose their prototype as in browsers).
  const copy = remember({});
  for (const key of Object.keys(value)) copy[key] = clone(value[key], memo);
  return copy;
}

function structuredClone(value, options = undefined) {
  kiln.internal.requireArgs(arguments.length, 1, "Failed to execute 'structuredClone'");
  const memo = new Map();
  const transfer = options?.transfer ? [...options.transfer] : [];
  for (const item of transfer) {
    if (!(item instanceof ArrayBuffer)) throw new DOMException("Value not transferable", "DataCloneError");
    if (memo.has(item)) throw new DOMException("ArrayBuffer at index is a duplicate of an earlier ArrayBuffer.", "DataCloneError");
    memo.set(item, null);
  }
  for (const item of transfer) {
    if (typeof item.transfer !== "function") throw new DOMException("ArrayBuffer transfer is not supported.", "DataCloneError");
    memo.set(item, item.transfer());
  }
  return clone(value, memo);
}
expose("structuredClone", structuredClone);
