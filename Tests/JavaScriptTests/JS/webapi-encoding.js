// TextEncoder/TextDecoder (utf-8 with fatal/ignoreBOM/streaming, utf-16le, windows-1252) and atob/btoa.
const bytes = (...b) => new Uint8Array(b);

test("TextEncoder encodes UTF-8 and replaces lone surrogates", () => {
  const e = new TextEncoder();
  assert.equal(e.encoding, "utf-8");
  assert.deepEqual([...e.encode("aé€😀")], [0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]);
  assert.deepEqual([...e.encode("\uD800")], [0xEF, 0xBF, 0xBD]);
  assert.equal(e.encode().length, 0);
  assert.ok(e.encode("x") instanceof Uint8Array);
  const target = new Uint8Array(5);
  assert.deepEqual(e.encodeInto("a€😀", target), { read: 2, written: 4 });
  assert.deepEqual([...target], [0x61, 0xE2, 0x82, 0xAC, 0]);
});

test("TextEncoder gives the same bytes for short strings (encoded in JS) and long ones (encoded natively)", () => {
  const e = new TextEncoder();
  const pieces = ["a", "é", "€", "😀", "\uD800", "\uDC00", "\uDBFF\uDFFF", "\u0000", "\u007F", "\u0080", "\u07FF",
    "\u0800", "\uFFFF", "x\uD83D", "\uDE00y"];
  for (const piece of pieces) {
    // 256 UTF-16 units and below are encoded in JS; the same text repeated past that goes to the native codec.
    const short = e.encode(piece);
    const long = e.encode(piece.repeat(300));
    assert.equal(long.length, short.length * 300, `length for ${escape(piece)}`);
    for (let i = 0; i < long.length; i++) {
      if (long[i] !== short[i % short.length]) throw new Error(`byte ${i} differs for ${escape(piece)}`);
    }
    assert.equal(short.buffer.byteLength, short.length, "the result owns a buffer of exactly its length");
  }
  const edge = "é".repeat(128) + "€";  // 129 units (≤ 256): encoded in JS, longer in bytes than in units
  assert.deepEqual([...e.encode(edge).subarray(254)], [0xC3, 0xA9, 0xE2, 0x82, 0xAC]);
  assert.equal(e.encode("a".repeat(256)).length, 256);
  assert.equal(new TextDecoder().decode(e.encode("\uD83D\uDE00 ok")), "😀 ok");
});

test("TextDecoder utf-8: replacement, fatal, BOM, streaming", () => {
  const d = new TextDecoder();
  assert.equal(d.encoding, "utf-8");
  assert.equal(d.decode(bytes(0x68, 0x69, 0xFF, 0xC3)), "hi\uFFFD\uFFFD");
  assert.equal(d.decode(bytes(0xE2, 0x82, 0x41)), "\uFFFDA");
  assert.equal(d.decode(bytes(0xED, 0xA0, 0x80)), "\uFFFD\uFFFD\uFFFD", "surrogates encoded in UTF-8 are invalid");
  assert.equal(d.decode(bytes(0xEF, 0xBB, 0xBF, 0x41)), "A");
  assert.equal(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(0xEF, 0xBB, 0xBF, 0x41)), "\uFEFFA");
  assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes(0xC0, 0x80)), TypeError);
  assert.equal(new TextDecoder("utf-8", { fatal: true }).fatal, true);
  const s = new TextDecoder();
  const euro = new TextEncoder().encode("€😀");
  let out = "";
  for (const b of euro) out += s.decode(bytes(b), { stream: true });
  out += s.decode();
  assert.equal(out, "€😀");
  assert.equal(s.decode(bytes(0xE2, 0x82), { stream: true }), "");
  assert.equal(s.decode(), "\uFFFD", "an incomplete sequence at the end becomes U+FFFD");
  assert.equal(d.decode(new Uint16Array([0x6968]).buffer), "hi");
  assert.equal(d.decode(new DataView(bytes(0x41, 0x42).buffer, 1)), "B");
});

test("TextDecoder utf-16le and windows-1252 (latin1, ascii labels)", () => {
  const u16 = new TextDecoder("utf-16le");
  assert.equal(u16.encoding, "utf-16le");
  assert.equal(u16.decode(bytes(0xFF, 0xFE, 0x68, 0x00, 0x3D, 0xD8, 0x00, 0xDE)), "h😀");
  assert.equal(u16.decode(bytes(0x00, 0xD8)), "\uFFFD");
  assert.throws(() => new TextDecoder("utf-16le", { fatal: true }).decode(bytes(0x00, 0xD8, 0x41, 0x00)), TypeError);
  assert.equal(new TextDecoder("utf-16").encoding, "utf-16le");
  for (const label of ["latin1", "ISO-8859-1", " ascii ", "windows-1252", "us-ascii"]) {
    const l = new TextDecoder(label);
    assert.equal(l.encoding, "windows-1252", label);
    assert.equal(l.decode(bytes(0x41, 0x80, 0x9F, 0xE9, 0xFF)), "A€Ÿéÿ");
  }
  assert.throws(() => new TextDecoder("klingon"), RangeError);
});

test("TextDecoder decodes large buffers natively", () => {
  const text = "héllo wörld ".repeat(100000);
  const encoded = new TextEncoder().encode(text);
  assert.equal(encoded.length, 1400000);
  assert.equal(new TextDecoder().decode(encoded), text);
});

test("btoa/atob round-trip and DOMException InvalidCharacterError", () => {
  assert.equal(btoa(""), "");
  assert.equal(btoa("f"), "Zg==");
  assert.equal(btoa("fo"), "Zm8=");
  assert.equal(btoa("foo"), "Zm9v");
  assert.equal(btoa("\xFF\xFE"), "//4=");
  assert.equal(atob("Zm9v"), "foo");
  assert.equal(atob(" Zm 9v\n"), "foo");
  assert.equal(atob("Zg"), "f");
  assert.equal(atob("//4="), "\xFF\xFE");
  for (const bad of ["Zm9v=", "Z", "Zm9v*", "Zg=a", "Zm==="]) {
    let error;
    try { atob(bad); } catch (e) { error = e; }
    assert.ok(error instanceof DOMException, bad);
    assert.equal(error.name, "InvalidCharacterError");
    assert.equal(error.code, 5);
  }
  let error;
  try { btoa("€"); } catch (e) { error = e; }
  assert.equal(error.name, "InvalidCharacterError");
  assert.throws(() => atob(), TypeError);
});
