// multipart/form-data (RFC 7578 as the HTML Standard §4.10.21.8 profiles it): serializing FormData for
// request bodies and parsing bodies back into FormData. Malformed input throws TypeError naming the problem.
const internal = kiln.internal;
const { utf8Encode, concatBytes } = internal;
const CRLF = new Uint8Array([13, 10]);

const escapeName = (s) => s.replace(/\r\n?|\n/g, "\r\n").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
const escapeFilename = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");

internal.serializeMultipart = function serializeMultipart(formData) {
  const random = kiln.native.randomFill(new Uint8Array(12));
  const boundary = "----KilnFormBoundary" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
  const chunks = [];
  for (const [name, value] of internal.formDataList(formData)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === "string") {
      chunks.push(utf8Encode(head + "\r\n\r\n"), utf8Encode(value.replace(/\r\n?|\n/g, "\r\n")), CRLF);
    } else {
      head += `; filename="${escapeFilename(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
      chunks.push(utf8Encode(head), internal.blobBytes(value), CRLF);
    }
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  return { bytes: concatBytes(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
};

function indexOf(haystack, needle, from) {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// Parameters of a header value such as `form-data; name="a"; filename="b.txt"` (quoted-string aware).
internal.parseHeaderParameters = function parseHeaderParameters(value) {
  const params = new Map();
  const re = /;\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  let m;
  while ((m = re.exec(value))) {
    const key = m[1].toLowerCase();
    if (!params.has(key)) params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3].trim());
  }
  return params;
};

internal.parseMultipart = function parseMultipart(bytes, contentType, context) {
  const fail = (why) => new TypeError(`${context}: Failed to parse body as FormData (${why}).`);
  const boundary = internal.parseHeaderParameters(contentType).get("boundary");
  if (!boundary || boundary.length > 70) throw fail("missing or invalid boundary");
  const delimiter = utf8Encode(`--${boundary}`);
  const latin1 = new TextDecoder("latin1");
  let pos = indexOf(bytes, delimiter, 0);
  if (pos !== 0 && pos !== -1) {
    // A preamble is allowed only before a CRLF-prefixed first delimiter.
    const crlfDelimiter = concatBytes([CRLF, delimiter]);
    pos = indexOf(bytes, crlfDelimiter, 0);
    if (pos >= 0) pos += 2;
  }
  if (pos < 0) throw fail("no boundary delimiter found");
  const list = [];
  const nextDelimiter = concatBytes([CRLF, delimiter]);
  pos += delimiter.length;
  for (;;) {
    if (bytes[pos] === 0x2D && bytes[pos + 1] === 0x2D) return internal.formDataFromList(list); // closing delimiter
    while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++; // transport padding
    if (bytes[pos] !== 13 || bytes[pos + 1] !== 10) throw fail("expected CRLF after boundary");
    pos += 2;
    const headerEnd = indexOf(bytes, new Uint8Array([13, 10, 13, 10]), pos);
    const blankFirst = bytes[pos] === 13 && bytes[pos + 1] === 10;
    if (headerEnd < 0 && !blankFirst) throw fail("part headers are not terminated");
    const headerBlock = blankFirst ? "" : latin1.decode(bytes.subarray(pos, headerEnd));
    pos = blankFirst ? pos + 2 : headerEnd + 4;
    const headers = new Map();
    for (const line of headerBlock.split("\r\n")) {
      if (!line) continue;
      const colon = line.indexOf(":");
      if (colon <= 0) throw fail(`malformed part header '${line.slice(0, 40)}'`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition");
    if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) throw fail("part without Content-Disposition: form-data");
    const params = internal.parseHeaderParameters(disposition);
    if (!params.has("name")) throw fail("part without a name");
    const end = indexOf(bytes, nextDelimiter, pos);
    if (end < 0) throw fail("part is not terminated by a boundary");
    const body = bytes.subarray(pos, end);
    // Names and filenames arrive as UTF-8 bytes read as Latin-1 above; decode them properly.
    const utf8 = (s) => internal.utf8Decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    const name = utf8(params.get("name"));
    if (params.has("filename")) {
      const type = headers.get("content-type") ?? "text/plain";
      list.push([name, new File([body], utf8(params.get("filename")), { type })]);
    } else {
      list.push([name, internal.utf8DecodeWithoutBOM(body)]);
    }
    pos = end + nextDelimiter.length;
  }
};
