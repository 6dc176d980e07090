// Blob, File, ReadableStream (default reader, cancel, tee, async iteration), WritableStream, TransformStream.

test("Blob joins parts, slices, reads and normalizes its type", async () => {
  const b = new Blob(["ab", new Uint8Array([99]), new Blob(["d"]), new Uint16Array([0x6665]).buffer], { type: "Text/Plain" });
  assert.equal(b.size, 6);
  assert.equal(b.type, "text/plain");
  assert.equal(await b.text(), "abcdef");
  assert.equal(await b.slice(1, -1).text(), "bcde");
  assert.equal(await b.slice(-2).text(), "ef");
  assert.equal(b.slice(4, 2).size, 0);
  assert.equal(b.slice(0, 1, "x/y").type, "x/y");
  assert.deepEqual([...new Uint8Array(await b.arrayBuffer())], [97, 98, 99, 100, 101, 102]);
  assert.equal(new Blob([], { type: "bad\u0001" }).type, "");
  assert.equal(await new Blob(["a\r\nb"], { endings: "native" }).text(), "a\nb");
  assert.throws(() => new Blob("not a sequence"), TypeError);
  const parts = [];
  for await (const chunk of new Blob(["x".repeat(70000)]).stream()) parts.push(chunk.length);
  assert.deepEqual(parts, [65536, 4464]);
});

test("File has name and lastModified", () => {
  const f = new File(["x"], "a.txt", { type: "text/plain", lastModified: 42 });
  assert.deepEqual([f.name, f.lastModified, f.size, f.type], ["a.txt", 42, 1, "text/plain"]);
  assert.ok(f instanceof Blob);
  assert.ok(Math.abs(new File([], "n").lastModified - Date.now()) < 5000);
  assert.throws(() => new File(["x"]), TypeError);
});

test("ReadableStream pulls on demand and honours the high-water mark", async () => {
  let pulls = 0;
  const stream = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); } }, { highWaterMark: 2 });
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(pulls, 2, "pulled up to the high-water mark before any read");
  const reader = stream.getReader();
  assert.equal(stream.locked, true);
  assert.throws(() => stream.getReader(), TypeError);
  assert.deepEqual(await reader.read(), { value: 1, done: false });
  assert.deepEqual(await reader.read(), { value: 2, done: false });
  assert.deepEqual(await reader.read(), { value: 3, done: false });
  assert.deepEqual(await reader.read(), { value: undefined, done: true });
  await reader.closed;
  reader.releaseLock();
  assert.equal(stream.locked, false);
});

test("ReadableStream errors, cancel and async iteration with early exit", async () => {
  const failing = new ReadableStream({ start(c) { c.error(new RangeError("boom")); } });
  await assert.rejects(failing.getReader().read(), RangeError);
  let reason;
  const cancelable = new ReadableStream({ cancel(r) { reason = r; } });
  await cancelable.cancel("stop");
  assert.equal(reason, "stop");
  let canceled = false;
  const infinite = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel() { canceled = true; } });
  for await (const value of infinite) { assert.equal(value, 1); break; }
  assert.equal(canceled, true);
  const values = [];
  for await (const v of ReadableStream.from(["a", Promise.resolve("b")])) values.push(v);
  assert.deepEqual(values, ["a", "b"]);
  assert.throws(() => new ReadableStream({ type: "weird" }), TypeError);
  assert.throws(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
  const controllerErrors = new ReadableStream({ start(c) { c.close(); assert.throws(() => c.enqueue(1), TypeError); } });
  assert.equal((await controllerErrors.getReader().read()).done, true);
});

test("ReadableStream.tee gives both branches every chunk", async () => {
  const [a, b] = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } }).tee();
  const read = async (s) => { const out = []; for await (const v of s) out.push(v); return out; };
  assert.deepEqual(await Promise.all([read(a), read(b)]), [[1, 2], [1, 2]]);
});

test("WritableStream writes in order, reports backpressure, closes and aborts", async () => {
  const written = [];
  let closed = false;
  const stream = new WritableStream({
    write(chunk) { return new Promise((resolve) => setTimeout(() => { written.push(chunk); resolve(); }, 1)); },
    close() { closed = true; },
  }, { highWaterMark: 2 });
  const writer = stream.getWriter();
  assert.equal(writer.desiredSize, 2);
  const writes = [writer.write("a"), writer.write("b"), writer.write("c")];
  assert.equal(writer.desiredSize, -1);
  await Promise.all(writes);
  await writer.ready;
  await writer.close();
  await writer.closed;
  assert.deepEqual(written, ["a", "b", "c"]);
  assert.equal(closed, true);
  let abortReason;
  const aborted = new WritableStream({ abort(r) { abortReason = r; } });
  await aborted.abort("nope");
  assert.equal(abortReason, "nope");
  const failing = new WritableStream({ write() { throw new TypeError("sink failed"); } }).getWriter();
  await assert.rejects(failing.write("x"), TypeError);
  await assert.rejects(failing.closed, TypeError);
});

test("TransformStream, pipeThrough and pipeTo", async () => {
  const upper = new TransformStream({
    transform(chunk, controller) { controller.enqueue(chunk.toUpperCase()); },
    flush(controller) { controller.enqueue("!"); },
  });
  const source = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const out = [];
  for await (const v of source.pipeThrough(upper)) out.push(v);
  assert.deepEqual(out, ["A", "B", "!"]);
  const sink = [];
  await new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).pipeTo(new WritableStream({ write(v) { sink.push(v); } }));
  assert.deepEqual(sink, [1]);
  const failing = new ReadableStream({ start(c) { c.error(new Error("src")); } });
  let abortedWith;
  await assert.rejects(failing.pipeTo(new WritableStream({ abort(r) { abortedWith = r; } })), Error);
  assert.equal(abortedWith.message, "src");
  const bytes = new Response("text").body.pipeThrough(new TransformStream());
  assert.equal(await new Response(bytes).text(), "text");
  const controller = new AbortController();
  const never = new ReadableStream({ pull() { return new Promise(() => {}); } });
  const piping = never.pipeTo(new WritableStream(), { signal: controller.signal });
  controller.abort(new Error("stop piping"));
  await assert.rejects(piping, Error);
});
