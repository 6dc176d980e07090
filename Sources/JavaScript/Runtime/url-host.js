// WHATWG URL host parsing (URL Standard §3.5): domains (with IDNA ToASCII via punycode), IPv4 in all its
// legacy forms, IPv6 with compression, and opaque hosts of non-special schemes. Failure returns null.
const internal = kiln.internal;
const forbiddenHost = new Set([0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C]);
const isForbiddenDomainPoint = (c) => forbiddenHost.has(c) || c <= 0x1F || c === 0x25 || c === 0x7F;

function punycodeEncode(label) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const points = Array.from(label, (ch) => ch.codePointAt(0));
  let output = points.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join("");
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength) output += "-";
  let n = 128, delta = 0, bias = 72;
  const adapt = (d, count, first) => {
    d = first ? Math.floor(d / damp) : d >> 1;
    d += Math.floor(d / count);
    let k = 0;
    while (d > ((base - tMin) * tMax) >> 1) { d = Math.floor(d / (base - tMin)); k += base; }
    return k + Math.floor(((base - tMin + 1) * d) / (d + skew));
  };
  const digit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);
  while (handled < points.length) {
    const m = Math.min(...points.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of points) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          output += digit(t + ((q - t) % (base - t)));
          q = Math.floor((q - t) / (base - t));
        }
        output += digit(q);
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++; n++;
  }
  return output;
}

function punycodeDecode(input) {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  const output = [];
  const basic = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(basic, 0); j++) {
    if (input.charCodeAt(j) >= 0x80) return null;
    output.push(input.charCodeAt(j));
  }
  let n = 128, bias = 72, i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return null;
      const cp = input.charCodeAt(index++);
      const digit = cp - 48 < 10 ? cp - 22 : cp - 65 < 26 ? cp - 65 : cp - 97 < 26 ? cp - 97 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
      if (i > 0x10FFFF * 64) return null;
    }
    const count = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / damp) : (i - oldi) >> 1;
    delta += Math.floor(delta / count);
    let k = 0;
    while (delta > ((base - tMin) * tMax) >> 1) { delta = Math.floor(delta / (base - tMin)); k += base; }
    bias = k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
    n += Math.floor(i / count);
    i %= count;
    if (n > 0x10FFFF) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

// Code points UTS #46 maps to nothing, and ones it disallows (noncharacters, U+FFFD).
const ignoredPoints = /[\u00AD\u034F\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
const disallowedPoints = /[\uFDD0-\uFDEF\uFFFC-\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;

// A label already in punycode must decode to a valid, non-ASCII, already-mapped label that encodes back to itself.
function validPunycodeLabel(label) {
  const decoded = punycodeDecode(label.slice(4));
  if (decoded === null || decoded === "" || !/[^\x00-\x7F]/.test(decoded)) return false;
  if (decoded.normalize("NFKC") !== decoded || decoded.toLowerCase() !== decoded) return false; // must be already mapped
  if (disallowedPoints.test(decoded) || /[\u0000-\u002C\u002E\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007F]/.test(decoded)) return false;
  return "xn--" + punycodeEncode(decoded) === label;
}

// UTS #46 ToASCII (non-transitional), reduced to what URLs need: mapping by case folding and NFKC,
// ignored and disallowed code points, dot variants, and punycode per label (validated when already encoded).
function domainToASCII(domain) {
  const mapped = domain.replace(/[\u3002\uFF0E\uFF61]/g, ".").replace(ignoredPoints, "").normalize("NFKC").toLowerCase();
  if (disallowedPoints.test(mapped)) return null;
  const labels = [];
  for (const label of mapped.split(".")) {
    if (/[^\x00-\x7F]/.test(label)) {
      const encoded = "xn--" + punycodeEncode(label);
      if (encoded.length > 63) return null;
      labels.push(encoded);
    } else if (label.startsWith("xn--")) {
      if (!validPunycodeLabel(label)) return null;
      labels.push(label);
    } else {
      labels.push(label);
    }
  }
  return labels.join(".");
}

function parseIPv4Number(part) {
  if (part === "") return NaN;
  let radix = 10;
  if (/^0[xX]/.test(part)) { part = part.slice(2); radix = 16; }
  else if (part.length > 1 && part[0] === "0") { part = part.slice(1); radix = 8; }
  if (part === "") return 0;
  const valid = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(part)) return NaN;
  return parseInt(part, radix);
}

function endsInNumber(host) {
  const parts = host.split(".");
  if (parts[parts.length - 1] === "") {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  return /^[0-9]+$/.test(last) || /^0[xX][0-9A-Fa-f]*$/.test(last);
}

function parseIPv4(host) {
  const parts = host.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const numbers = parts.map(parseIPv4Number);
  if (numbers.some((n) => Number.isNaN(n))) return null;
  if (numbers.slice(0, -1).some((n) => n > 255)) return null;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
  let ipv4 = numbers[numbers.length - 1];
  numbers.slice(0, -1).forEach((n, i) => { ipv4 += n * 256 ** (3 - i); });
  return ipv4;
}

function serializeIPv4(address) {
  const out = [];
  for (let i = 0; i < 4; i++) { out.unshift(String(address % 256)); address = Math.floor(address / 256); }
  return out.join(".");
}

function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0, compress = null, p = 0;
  const c = () => input.charCodeAt(p);
  const isHex = (ch) => /[0-9A-Fa-f]/.test(ch);
  if (input[p] === ":") {
    if (input[p + 1] !== ":") return null;
    p += 2; pieceIndex++; compress = pieceIndex;
  }
  while (p < input.length) {
    if (pieceIndex === 8) return null;
    if (input[p] === ":") {
      if (compress !== null) return null;
      p++; pieceIndex++; compress = pieceIndex;
      continue;
    }
    let value = 0, length = 0;
    while (length < 4 && p < input.length && isHex(input[p])) { value = value * 16 + parseInt(input[p], 16); p++; length++; }
    if (input[p] === ".") {
      if (length === 0) return null;
      p -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (p < input.length) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (input[p] === "." && numbersSeen < 4) p++;
          else return null;
        }
        if (!(c() >= 0x30 && c() <= 0x39)) return null;
        while (c() >= 0x30 && c() <= 0x39) {
          const number = c() - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          p++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (input[p] === ":") {
      p++;
      if (p >= input.length) return null;
    } else if (p < input.length) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const t = address[compress + swaps - 1];
      address[compress + swaps - 1] = address[pieceIndex];
      address[pieceIndex] = t;
      pieceIndex--; swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

function serializeIPv6(address) {
  // The longest run (length > 1) of zero pieces is compressed to "::".
  let best = -1, bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (address[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) { best = i; bestLength = j - i; }
    i = j;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === best) { out += i === 0 ? "::" : ":"; i += bestLength - 1; continue; }
    out += address[i].toString(16);
    if (i !== 7) out += ":";
  }
  return `[${out}]`;
}

// Returns the serialized host, or null on failure.
internal.parseHost = function parseHost(input, isOpaque) {
  if (input.startsWith("[")) {
    if (!input.endsWith("]")) return null;
    const address = parseIPv6(input.slice(1, -1));
    return address ? serializeIPv6(address) : null;
  }
  if (isOpaque) {
    for (const ch of input) {
      const cp = ch.codePointAt(0);
      if (cp !== 0x25 && forbiddenHost.has(cp)) return null;
    }
    return internal.percentEncodeString(input, internal.percentEncodeSets.c0Control);
  }
  const domain = internal.utf8DecodeWithoutBOM(internal.percentDecode(input));
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === null || asciiDomain === "") return null;
  for (let i = 0; i < asciiDomain.length; i++) if (isForbiddenDomainPoint(asciiDomain.charCodeAt(i))) return null;
  if (endsInNumber(asciiDomain)) {
    const ipv4 = parseIPv4(asciiDomain);
    return ipv4 === null ? null : serializeIPv4(ipv4);
  }
  return asciiDomain;
};
