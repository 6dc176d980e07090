// crypto (Web Cryptography): getRandomValues and randomUUID over the host CSPRNG, subtle.digest over
// swift-crypto's SHA family. Other SubtleCrypto operations reject with NotSupportedError.
const { expose, shapeInterface, requireArgs, isBufferSource, viewBytes } = kiln.internal;
const native = kiln.native;
const constructing = Symbol("crypto constructing");
const digestNames = new Map([["sha-1", "SHA-1"], ["sha-256", "SHA-256"], ["sha-384", "SHA-384"], ["sha-512", "SHA-512"]]);
const integerArrays = new Set(["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"]);

class SubtleCrypto {
  constructor(key) { if (key !== constructing) throw new TypeError("Illegal constructor"); }
  digest(algorithm, data) {
    try {
      requireArgs(arguments.length, 2, "Failed to execute 'digest' on 'SubtleCrypto'");
      const name = typeof algorithm === "string" ? algorithm : algorithm?.name;
      if (name === undefined) throw new TypeError("Failed to execute 'digest' on 'SubtleCrypto': Algorithm: name: Missing or not a string");
      const normalized = digestNames.get(String(name).toLowerCase());
      if (!normalized) throw new DOMException(`Unrecognized algorithm name: ${name}`, "NotSupportedError");
      if (!isBufferSource(data)) {
        throw new TypeError("Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type '(ArrayBuffer or ArrayBufferView)'.");
      }
      return Promise.resolve(native.digest(normalized, viewBytes(data)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
for (const op of ["encrypt", "decrypt", "sign", "verify", "generateKey", "deriveKey", "deriveBits", "importKey",
  "exportKey", "wrapKey", "unwrapKey"]) {
  SubtleCrypto.prototype[op] = { [op]() {
    return Promise.reject(new DOMException(`SubtleCrypto.${op} is not supported by Kiln yet.`, "NotSupportedError"));
  } }[op];
}
shapeInterface(SubtleCrypto);

class Crypto {
  #subtle = new SubtleCrypto(constructing);
  constructor(key) { if (key !== constructing) throw new TypeError("Illegal constructor"); }
  get subtle() { return this.#subtle; }
  getRandomValues(array) {
    requireArgs(arguments.length, 1, "Failed to execute 'getRandomValues' on 'Crypto'");
    const type = Object.prototype.toString.call(array).slice(8, -1);
    if (!ArrayBuffer.isView(array) || !integerArrays.has(type)) {
      throw new DOMException("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '" + type + "', which is not an integer array type.", "TypeMismatchError");
    }
    if (array.byteLength > 65536) {
      throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536).`, "QuotaExceededError");
    }
    native.randomFill(viewBytes(array));
    return array;
  }
  randomUUID() {
    const b = native.randomFill(new Uint8Array(16));
    b[6] = (b[6] & 0x0F) | 0x40; // version 4
    b[8] = (b[8] & 0x3F) | 0x80; // RFC 4122 variant
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
shapeInterface(Crypto);
expose("SubtleCrypto", SubtleCrypto);
expose("Crypto", Crypto);
expose("crypto", new Crypto(constructing));
