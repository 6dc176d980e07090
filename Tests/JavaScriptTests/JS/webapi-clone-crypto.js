// structuredClone, crypto (getRandomValues, randomUUID, subtle.digest), performance, navigator, WebAssembly.
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

test("structuredClone copies deeply: Map, Set, Date, RegExp, typed arrays, errors, cycles", () => {
  const shared = new ArrayBuffer(8);
  const source = {
    n: -0, big: 10n, s: "x", d: new Date(5), r: /a+/gi, m: new Map([[{ k: 1 }, new Set([1, 2])]]),
    f32: new Float32Array([1.5, 2]), view: new DataView(shared, 2), u8: new Uint8Array(shared, 1, 3),
    err: new RangeError("bad", { cause: "c" }), dom: new DOMException("m", "AbortError"), arr: [1, , 3],
    boxed: new String("b"), blob: new Blob(["blob"], { type: "a/b" }),
  };
  source.self = source;
  const copy = structuredClone(source);
  assert.ok(copy !== source && copy.self === copy);
  assert.ok(Object.is(copy.n, -0));
  assert.equal(copy.big, 10n);
  assert.ok(copy.d instanceof Date && copy.d.getTime() === 5);
  assert.equal(copy.r.source + copy.r.flags, "a+gi");
  const [[key, set]] = copy.m;
  assert.deepEqual(key, { k: 1 });
  assert.deepEqual([...set], [1, 2]);
  assert.ok(copy.f32 instanceof Float32Array);
  assert.deepEqual([...copy.f32], [1.5, 2]);
  assert.equal(copy.view.buffer, copy.u8.buffer, "views over one buffer still share it");
  assert.ok(copy.view.buffer !== shared);
  assert.ok(copy.err instanceof RangeError);
  assert.equal(copy.err.message, "bad");
  assert.equal(copy.err.cause, "c");
  assert.ok(copy.dom instanceof DOMException);
  assert.equal(copy.dom.name, "AbortError");
  assert.equal(1 in copy.arr, false);
  assert.equal(copy.boxed.valueOf(), "b");
  assert.ok(copy.blob instanceof Blob && copy.blob.type === "a/b");
});

test("structuredClone throws DataCloneError for functions, symbols, WeakMaps; transfer detaches", () => {
  for (const bad of [() => 1, { f() {} }, Symbol("s"), new WeakMap(), { p: Promise.resolve() }]) {
    let error;
    try { structuredClone(bad); } catch (e) { error = e; }
    assert.ok(error instanceof DOMException, String(typeof bad));
    assert.equal(error.name, "DataCloneError");
  }
  const buffer = new Uint8Array([1, 2, 3]).buffer;
  const moved = structuredClone({ buffer }, { transfer: [buffer] });
  assert.equal(buffer.byteLength, 0);
  assert.deepEqual([...new Uint8Array(moved.buffer)], [1, 2, 3]);
  class Point { constructor() { this.x = 1; } }
  const plain = structuredClone(new Point());
  assert.equal(Object.getPrototypeOf(plain), Object.prototype);
  assert.equal(plain.x, 1);
});

test("crypto.getRandomValues fills integer arrays and enforces type and quota", () => {
  const a = new Uint8Array(64);
  assert.equal(crypto.getRandomValues(a), a);
  assert.ok(a.some((b) => b !== 0));
  const b = crypto.getRandomValues(new Uint32Array(4));
  assert.ok(b instanceof Uint32Array);
  crypto.getRandomValues(new BigUint64Array(2));
  crypto.getRandomValues(new Uint8Array(65536));
  let error;
  try { crypto.getRandomValues(new Uint8Array(65537)); } catch (e) { error = e; }
  assert.equal(error.name, "QuotaExceededError");
  try { crypto.getRandomValues(new Float32Array(4)); } catch (e) { error = e; }
  assert.equal(error.name, "TypeMismatchError");
  assert.throws(() => crypto.getRandomValues(), TypeError);
});

test("crypto.randomUUID gives distinct version-4 UUIDs", () => {
  const seen = new Set();
  for (let i = 0; i < 100; i++) {
    const id = crypto.randomUUID();
    assert.ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
    seen.add(id);
  }
  assert.equal(seen.size, 100);
});

test("crypto.subtle.digest matches the SHA test vectors", async () => {
  const abc = new TextEncoder().encode("abc");
  assert.equal(hex(await crypto.subtle.digest("SHA-1", abc)), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assert.equal(hex(await crypto.subtle.digest("sha-256", abc)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(hex(await crypto.subtle.digest({ name: "SHA-384" }, abc)),
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  assert.equal(hex(await crypto.subtle.digest("SHA-512", abc.buffer)),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  assert.equal(hex(await crypto.subtle.digest("SHA-256", new Uint8Array(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  await assert.rejects(crypto.subtle.digest("MD5", abc), DOMException);
  await assert.rejects(crypto.subtle.digest("SHA-256", "not bytes"), TypeError);
  await assert.rejects(crypto.subtle.importKey("raw", abc, "HMAC", false, ["sign"]), DOMException);
  assert.ok(crypto.subtle instanceof SubtleCrypto);
  assert.throws(() => new Crypto(), TypeError);
});

test("performance.now is monotonic with sub-millisecond resolution; navigator is extensible", async () => {
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 5));
  const t1 = performance.now();
  assert.ok(t1 - t0 >= 4, `${t1 - t0}`);
  assert.ok(performance.timeOrigin > 1.6e12);
  assert.equal(typeof navigator.userAgent, "string");
  assert.ok(navigator.userAgent.length > 0);
  assert.ok(navigator instanceof Navigator);
  Object.defineProperty(Navigator.prototype, "extra", { get() { return 7; }, configurable: true });
  assert.equal(navigator.extra, 7);
  delete Navigator.prototype.extra;
});

// Synchronous compilation only: JSC finishes async WebAssembly.instantiate/compile on a WTF RunLoop the
// isolate thread does not spin yet (reported to the engine core).
test("WebAssembly compiles and runs a module", () => {
  // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1,
    3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
  assert.equal(WebAssembly.validate(wasm), true);
  const module = new WebAssembly.Module(wasm);
  const instance = new WebAssembly.Instance(module);
  assert.equal(instance.exports.add(2, 40), 42);
  assert.deepEqual(WebAssembly.Module.exports(module).map(({ name, kind }) => ({ name, kind })), [{ name: "add", kind: "function" }]);
  assert.throws(() => new WebAssembly.Module(new Uint8Array([1, 2, 3])), WebAssembly.CompileError);
});
