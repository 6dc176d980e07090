// Headers, Request, Response and the body mixin.

test("Headers validate, normalize, combine and sort", () => {
  const h = new Headers({ "Content-Type": "text/plain", "X-Num": " 1 " });
  h.append("x-num", "2");
  h.append("Set-Cookie", "a=1");
  h.append("set-cookie", "b=2");
  assert.equal(h.get("X-NUM"), "1, 2");
  assert.equal(h.get("missing"), null);
  assert.deepEqual(h.getSetCookie(), ["a=1", "b=2"]);
  assert.deepEqual([...h], [["content-type", "text/plain"], ["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-num", "1, 2"]]);
  assert.deepEqual([...h.keys()], ["content-type", "set-cookie", "set-cookie", "x-num"]);
  h.set("X-Num", "3");
  assert.equal(h.get("x-num"), "3");
  h.delete("x-num");
  assert.equal(h.has("x-num"), false);
  assert.deepEqual([...new Headers([["a", "1"], ["b", "2"]])], [["a", "1"], ["b", "2"]]);
  assert.deepEqual([...new Headers(new Headers({ q: "r" }))], [["q", "r"]]);
  for (const [name, value] of [["bad name", "x"], ["", "x"], ["x", "a\nb"], ["x", "a\0b"], ["ü", "x"], ["x", "\u0100"]]) {
    assert.throws(() => new Headers([[name, value]]), TypeError, JSON.stringify([name, value]));
  }
  assert.throws(() => new Headers([["a"]]), TypeError);
  assert.throws(() => h.append("a"), TypeError);
});

test("Headers hold very large values without truncation", () => {
  const big = "v".repeat(1 << 20);
  const h = new Headers({ "x-big": big });
  assert.equal(h.get("x-big").length, 1 << 20);
});

test("Response basics: status, ok, statusText, headers, body text", async () => {
  const r = new Response("hello", { status: 201, statusText: "Created", headers: { "X-A": "b" } });
  assert.deepEqual([r.status, r.ok, r.statusText, r.type, r.url, r.redirected], [201, true, "Created", "default", "", false]);
  assert.equal(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assert.equal(r.headers.get("x-a"), "b");
  assert.equal(r.bodyUsed, false);
  assert.equal(await r.text(), "hello");
  assert.equal(r.bodyUsed, true);
  await assert.rejects(r.text(), TypeError);
  assert.equal(new Response(null, { status: 404 }).ok, false);
  assert.equal(new Response().body, null);
  assert.equal(await new Response().text(), "");
});

test("Response constructor rejects bad statuses and bodies on null-body statuses", () => {
  assert.throws(() => new Response("", { status: 199 }), RangeError);
  assert.throws(() => new Response("", { status: 600 }), RangeError);
  assert.throws(() => new Response("x", { status: 204 }), TypeError);
  assert.throws(() => new Response("x", { statusText: "bad\n" }), TypeError);
  assert.equal(new Response(null, { status: 204 }).status, 204);
});

test("Response.json, Response.redirect, Response.error", async () => {
  const j = Response.json({ a: [1, 2] }, { status: 202, headers: { "x-y": "z" } });
  assert.equal(j.status, 202);
  assert.equal(j.headers.get("content-type"), "application/json");
  assert.deepEqual(await j.json(), { a: [1, 2] });
  assert.equal(Response.json(1, { headers: { "content-type": "application/vnd.x+json" } }).headers.get("content-type"), "application/vnd.x+json");
  assert.throws(() => Response.json(undefined), TypeError);
  const r = Response.redirect("https://example.com/a b", 307);
  assert.equal(r.status, 307);
  assert.equal(r.headers.get("location"), "https://example.com/a%20b");
  assert.throws(() => r.headers.set("x", "y"), TypeError);
  assert.throws(() => Response.redirect("https://e.com", 200), RangeError);
  assert.throws(() => Response.redirect("/relative"), TypeError);
  const e = Response.error();
  assert.deepEqual([e.type, e.status, e.ok], ["error", 0, false]);
});

test("bodies: arrayBuffer, bytes, blob, json, formData from each BodyInit", async () => {
  const ab = await new Response(new Uint8Array([1, 2, 3])).arrayBuffer();
  assert.ok(ab instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(ab)], [1, 2, 3]);
  assert.deepEqual([...await new Response(new Uint16Array([0x0201]).buffer).bytes()], [1, 2]);
  const blob = await new Response("abc", { headers: { "content-type": "text/x-abc" } }).blob();
  assert.equal(blob.type, "text/x-abc");
  assert.equal(await blob.text(), "abc");
  const fromBlob = new Response(new Blob(["z"], { type: "image/png" }));
  assert.equal(fromBlob.headers.get("content-type"), "image/png");
  await assert.rejects(new Response("{bad").json(), SyntaxError);
  const params = new Response(new URLSearchParams("a=1&b=2"));
  assert.equal(params.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  const form = await params.formData();
  assert.equal(form.get("b"), "2");
  await assert.rejects(new Response("x").formData(), TypeError);
  assert.equal(await new Response(new TextEncoder().encode("\uFEFFbom")).text(), "bom");
});

test("Response.body is a ReadableStream; reading it marks the body used", async () => {
  const r = new Response("streamed");
  assert.ok(r.body instanceof ReadableStream);
  const reader = r.body.getReader();
  const { value, done } = await reader.read();
  assert.equal(done, false);
  assert.equal(new TextDecoder().decode(value), "streamed");
  assert.equal((await reader.read()).done, true);
  assert.equal(r.bodyUsed, true);
  await assert.rejects(r.text(), TypeError);
  const chunks = ["a", "b", "c"];
  const fromStream = new Response(new ReadableStream({
    pull(c) { if (chunks.length) c.enqueue(new TextEncoder().encode(chunks.shift())); else c.close(); },
  }));
  assert.equal(await fromStream.text(), "abc");
  await assert.rejects(new Response(new ReadableStream({ start(c) { c.enqueue("not bytes"); c.close(); } })).text(), TypeError);
});

test("clone tees the body; a used body cannot be cloned", async () => {
  const r = new Response("twice", { headers: { a: "1" } });
  const c = r.clone();
  assert.equal(await r.text(), "twice");
  assert.equal(await c.text(), "twice");
  assert.equal(c.headers.get("a"), "1");
  assert.throws(() => r.clone(), TypeError);
  const s = new Response(new ReadableStream({ start(ctl) { ctl.enqueue(new Uint8Array([65])); ctl.close(); } }));
  const s2 = s.clone();
  assert.deepEqual([await s.text(), await s2.text()], ["A", "A"]);
});

test("Request: method normalization, URL, headers, body rules", async () => {
  const r = new Request("https://example.com/a?b#c", { method: "post", body: "x", headers: { "x-h": "1" } });
  assert.equal(r.method, "POST");
  assert.equal(r.url, "https://example.com/a?b#c");
  assert.equal(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assert.equal(await r.text(), "x");
  assert.equal(new Request("https://e.com", { method: "patch" }).method, "patch");
  assert.equal(new Request("https://e.com", { method: "delete" }).method, "DELETE");
  assert.deepEqual([r.redirect, r.mode, r.credentials, r.cache, r.destination], ["follow", "cors", "same-origin", "default", ""]);
  assert.throws(() => new Request("/relative"), TypeError);
  assert.throws(() => new Request("https://u:p@e.com"), TypeError);
  assert.throws(() => new Request("https://e.com", { method: "GET", body: "x" }), TypeError);
  assert.throws(() => new Request("https://e.com", { method: "HEAD", body: "x" }), TypeError);
  assert.throws(() => new Request("https://e.com", { method: "CONNECT" }), TypeError);
  assert.throws(() => new Request("https://e.com", { method: "bad method" }), TypeError);
  assert.throws(() => new Request("https://e.com", { redirect: "sideways" }), TypeError);
  assert.throws(() => new Request("https://e.com", { method: "POST", body: new ReadableStream() }), TypeError);
  const streamed = new Request("https://e.com", { method: "POST", body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } }), duplex: "half" });
  assert.equal(await streamed.text(), "hi");
});

test("Request from a Request copies fields and moves the body", async () => {
  const controller = new AbortController();
  const a = new Request("https://e.com/x", { method: "PUT", body: "payload", headers: { k: "v" }, signal: controller.signal });
  const b = new Request(a, { headers: { k2: "v2" } });
  assert.equal(b.method, "PUT");
  assert.equal(b.url, "https://e.com/x");
  assert.equal(b.headers.get("k"), null);
  assert.equal(b.headers.get("k2"), "v2");
  assert.equal(a.bodyUsed, true);
  assert.equal(await b.text(), "payload");
  assert.throws(() => new Request(a), TypeError);
  controller.abort("stop");
  assert.equal(b.signal.aborted, true);
  assert.equal(b.signal.reason, "stop");
  const c = new Request("https://e.com", { method: "POST", body: "c" });
  const d = c.clone();
  assert.deepEqual([await c.text(), await d.text()], ["c", "c"]);
});
