// Percent-encoding (URL Standard §1.3): the encode sets and percent-decoding to bytes.
const internal = kiln.internal;

function setFrom(base, extra) {
  const s = new Set(base);
  for (const ch of extra) s.add(ch.charCodeAt(0));
  return s;
}
const c0Control = new Set();
const fragment = setFrom(c0Control, ' "<>`');
const query = setFrom(c0Control, ' "#<>');
const specialQuery = setFrom(query, "'");
const path = setFrom(query, "?`{}^");
const userinfo = setFrom(path, "/:;=@[\\]|");
const component = setFrom(userinfo, "$%&+,");
const formURLEncoded = setFrom(component, "!'()~");
internal.percentEncodeSets = { c0Control, fragment, query, specialQuery, path, userinfo, component, formURLEncoded };

const hex = Array.from({ length: 256 }, (_, i) => "%" + i.toString(16).toUpperCase().padStart(2, "0"));
const inSet = (set, cp) => cp < 0x20 || cp > 0x7E || set.has(cp);

// Percent-encodes one code point (given as a string) with the set; spaceAsPlus is for form encoding.
internal.percentEncodeCodePoint = function percentEncodeCodePoint(ch, set, spaceAsPlus = false) {
  const cp = ch.codePointAt(0);
  if (spaceAsPlus && cp === 0x20) return "+";
  if (!inSet(set, cp)) return ch;
  let out = "";
  for (const b of internal.utf8Encode(ch)) out += hex[b];
  return out;
};

internal.percentEncodeString = function percentEncodeString(input, set, spaceAsPlus = false) {
  let out = "";
  for (const ch of input) {
    const cp = ch.codePointAt(0);
    out += cp < 0x80 && !(spaceAsPlus && cp === 0x20) && !inSet(set, cp) ? ch : internal.percentEncodeCodePoint(ch, set, spaceAsPlus);
  }
  return out;
};

const isHexDigit = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
// Percent-decodes a string (UTF-8 encoded first) or bytes to bytes; malformed escapes stay as they are.
internal.percentDecode = function percentDecode(input) {
  const bytes = typeof input === "string" ? internal.utf8Encode(input) : input;
  if (!bytes.includes(0x25)) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
};
