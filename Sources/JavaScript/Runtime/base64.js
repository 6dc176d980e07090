// atob and btoa (HTML §8.3) over forgiving-base64; failures are DOMException InvalidCharacterError.
const { expose, requireArgs } = kiln.internal;
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const values = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) values[alphabet.charCodeAt(i)] = i;

function btoa(data) {
  requireArgs(arguments.length, 1, "Failed to execute 'btoa'");
  const s = String(data);
  let out = "";
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) {
      throw new DOMException("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.", "InvalidCharacterError");
    }
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] +
      (i + 1 < s.length ? alphabet[(n >> 6) & 63] : "=") + (i + 2 < s.length ? alphabet[n & 63] : "=");
  }
  return out;
}

function atob(data) {
  requireArgs(arguments.length, 1, "Failed to execute 'atob'");
  const invalid = () => new DOMException("Failed to execute 'atob': The string to be decoded is not correctly encoded.", "InvalidCharacterError");
  let s = String(data).replace(/[\t\n\f\r ]/g, "");
  if (s.length % 4 === 0) s = s.replace(/={1,2}$/, "");
  if (s.length % 4 === 1) throw invalid();
  let out = "", buffer = 0, bits = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? values[code] : -1;
    if (v < 0) throw invalid();
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) { bits -= 8; out += String.fromCharCode((buffer >> bits) & 0xFF); }
  }
  return out;
}

expose("atob", atob);
expose("btoa", btoa);
