// TextEncoder and TextDecoder (WHATWG Encoding): utf-8 via native codecs, utf-16le and windows-1252 here.
const { expose, shapeInterface, isBufferSource, viewBytes } = kiln.internal;
const native = kiln.native;

const labels = new Map();
for (const l of ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]) labels.set(l, "utf-8");
for (const l of ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]) labels.set(l, "utf-16le");
for (const l of ["unicodefffe", "utf-16be"]) labels.set(l, "utf-16be");
for (const l of ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
  "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]) {
  labels.set(l, "windows-1252");
}

// windows-1252 bytes 0x80..0x9F map to these code points; every other byte maps to itself.
const cp1252High = [0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039,
  0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161,
  0x203A, 0x153, 0x9D, 0x17E, 0x178];

class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(input = "") { return kiln.internal.utf8Encode(input); }
  encodeInto(source, destination) {
    kiln.internal.requireArgs(arguments.length, 2, "Failed to execute 'encodeInto' on 'TextEncoder'");
    if (!(destination instanceof Uint8Array)) {
      throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    }
    const s = kiln.internal.toUSVString(source);
    let read = 0, written = 0;
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (written + size > destination.length) break;
      if (size === 1) destination[written] = cp;
      else if (size === 2) { destination[written] = 0xC0 | (cp >> 6); destination[written + 1] = 0x80 | (cp & 63); }
      else if (size === 3) {
        destination[written] = 0xE0 | (cp >> 12); destination[written + 1] = 0x80 | ((cp >> 6) & 63);
        destination[written + 2] = 0x80 | (cp & 63);
      } else {
        destination[written] = 0xF0 | (cp >> 18); destination[written + 1] = 0x80 | ((cp >> 12) & 63);
        destination[written + 2] = 0x80 | ((cp >> 6) & 63); destination[written + 3] = 0x80 | (cp & 63);
      }
      written += size;
      read += ch.length;
    }
    return { read, written };
  }
}
shapeInterface(TextEncoder);

// Length of the trailing bytes that begin a UTF-8 sequence not yet complete (kept for the next stream chunk).
function incompleteUTF8Tail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xC0) === 0x80) continue;
    const need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 1;
    if (need <= back) return 0;
    if (back >= 2) {
      const second = bytes[n - back + 1];
      const lo = b === 0xE0 ? 0xA0 : b === 0xF0 ? 0x90 : 0x80;
      const hi = b === 0xED ? 0x9F : b === 0xF4 ? 0x8F : 0xBF;
      if (second < lo || second > hi) return 0;
    }
    return back;
  }
  return 0;
}

function decodeUTF16(bytes, bigEndian, fatal, flush) {
  const units = bytes.length >> 1;
  let out = "";
  const chunk = [];
  let i = 0;
  for (; i < units; i++) {
    const a = bytes[2 * i], b = bytes[2 * i + 1];
    const unit = bigEndian ? (a << 8) | b : (b << 8) | a;
    chunk.push(unit);
    if (chunk.length >= 8192) { out += String.fromCharCode.apply(null, chunk); chunk.length = 0; }
  }
  out += String.fromCharCode.apply(null, chunk);
  let rest = bytes.subarray(units * 2);
  // A trailing high surrogate may pair with the next chunk.
  const last = out.charCodeAt(out.length - 1);
  if (!flush && last >= 0xD800 && last <= 0xDBFF) {
    out = out.slice(0, -1);
    rest = bytes.subarray(units * 2 - 2);
  }
  const wellFormed = kiln.internal.toUSVString(out);
  if (fatal && (wellFormed !== out || (flush && rest.length))) {
    throw new TypeError(`The encoded data was not valid for encoding utf-16${bigEndian ? "be" : "le"}`);
  }
  return { text: wellFormed + (flush && rest.length ? "\uFFFD" : ""), rest: flush ? new Uint8Array(0) : rest };
}

class TextDecoder {
  #encoding; #fatal; #ignoreBOM;
  #pending = new Uint8Array(0);
  #bomSeen = false;
  constructor(label = "utf-8", options = {}) {
    const encoding = labels.get(String(label).trim().toLowerCase());
    if (!encoding) throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    this.#encoding = encoding;
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = {}) {
    if (input !== undefined && !isBufferSource(input)) {
      throw new TypeError("Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
    }
    const stream = Boolean(options?.stream);
    let bytes = input === undefined ? new Uint8Array(0) : viewBytes(input);
    if (this.#pending.length) bytes = kiln.internal.concatBytes([this.#pending, bytes]);
    this.#pending = new Uint8Array(0);
    if (!this.#bomSeen && !this.#ignoreBOM) {
      const bom = this.#bomLength(bytes);
      if (bom < 0 && stream) { this.#pending = bytes.slice(); return ""; } // too short to tell yet
      if (bom > 0) bytes = bytes.subarray(bom);
    }
    if (bytes.length || !stream) this.#bomSeen = stream;
    let text;
    switch (this.#encoding) {
      case "utf-8": {
        const tail = stream ? incompleteUTF8Tail(bytes) : 0;
        if (tail) { this.#pending = bytes.slice(bytes.length - tail); bytes = bytes.subarray(0, bytes.length - tail); }
        text = native.utf8Decode(bytes, this.#fatal);
        break;
      }
      case "utf-16le":
      case "utf-16be": {
        const r = decodeUTF16(bytes, this.#encoding === "utf-16be", this.#fatal, !stream);
        this.#pending = r.rest.slice();
        text = r.text;
        break;
      }
      default: text = decodeWindows1252(bytes);
    }
    return text;
  }

  // BOM byte count at the start, 0 when none, -1 when the bytes so far are a BOM prefix.
  #bomLength(bytes) {
    const bom = this.#encoding === "utf-8" ? [0xEF, 0xBB, 0xBF] : this.#encoding === "utf-16le" ? [0xFF, 0xFE]
      : this.#encoding === "utf-16be" ? [0xFE, 0xFF] : [];
    if (!bom.length) return 0;
    for (let i = 0; i < bom.length; i++) {
      if (i >= bytes.length) return -1;
      if (bytes[i] !== bom[i]) return 0;
    }
    return bom.length;
  }
}
shapeInterface(TextDecoder);

function decodeWindows1252(bytes) {
  let out = "";
  const chunk = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    chunk.push(b >= 0x80 && b <= 0x9F ? cp1252High[b - 0x80] : b);
    if (chunk.length >= 8192) { out += String.fromCharCode.apply(null, chunk); chunk.length = 0; }
  }
  return out + String.fromCharCode.apply(null, chunk);
}

// Short strings (a typical response body or header) are encoded here: a native call costs more than the loop.
const shortStringLength = 256;
function utf8EncodeShort(s) {
  const ascii = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8EncodeShortFrom(s, ascii, i);
    ascii[i] = c;
  }
  return ascii;
}
// The rest of `s` from index `start` (the first non-ASCII character) on, after the ASCII prefix.
function utf8EncodeShortFrom(s, prefix, start) {
  const bytes = new Uint8Array(s.length * 3);
  bytes.set(prefix.subarray(0, start));
  let n = start;
  for (let i = start; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { bytes[n++] = c; continue; }
    if (c < 0x800) { bytes[n++] = 0xC0 | (c >> 6); bytes[n++] = 0x80 | (c & 0x3F); continue; }
    if (c >= 0xD800 && c <= 0xDFFF) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
        i++;
        bytes[n++] = 0xF0 | (c >> 18); bytes[n++] = 0x80 | ((c >> 12) & 0x3F);
        bytes[n++] = 0x80 | ((c >> 6) & 0x3F); bytes[n++] = 0x80 | (c & 0x3F);
        continue;
      }
      c = 0xFFFD; // a lone surrogate: the USVString conversion's replacement character
    }
    bytes[n++] = 0xE0 | (c >> 12); bytes[n++] = 0x80 | ((c >> 6) & 0x3F); bytes[n++] = 0x80 | (c & 0x3F);
  }
  return bytes.slice(0, n);
}
kiln.internal.utf8Encode = (s) => {
  s = String(s);
  return s.length <= shortStringLength ? utf8EncodeShort(s) : native.utf8Encode(kiln.internal.toUSVString(s));
};
kiln.internal.utf8Decode = (bytes) => native.utf8Decode(bytes, false);
kiln.internal.utf8DecodeWithoutBOM = (bytes) => {
  const b = bytes.length >= 3 && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF ? bytes.subarray(3) : bytes;
  return native.utf8Decode(b, false);
};
expose("TextEncoder", TextEncoder);
expose("TextDecoder", TextDecoder);
