// fetch() over the host's HTTP client, against the loopback server WebAPIFetchTests starts (BASE).

test("GET returns status, headers and a JSON body", async () => {
  const response = await fetch(`${BASE}/echo`, { headers: { "X-Test": "yes" } });
  assert.equal(response.status, 200);
  assert.equal(response.ok, true);
  assert.equal(response.statusText, "OK");
  assert.equal(response.url, `${BASE}/echo`);
  assert.equal(response.redirected, false);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("x-multi"), "a, b");
  assert.throws(() => response.headers.set("x", "y"), TypeError);
  const echo = await response.json();
  assert.equal(echo.method, "GET");
  assert.equal(echo.headers["x-test"], "yes");
});

test("POST sends the body and its content type", async () => {
  const echo = await (await fetch(`${BASE}/echo`, { method: "POST", body: "hello body" })).json();
  assert.equal(echo.method, "POST");
  assert.equal(echo.body, "hello body");
  assert.equal(echo.headers["content-type"], "text/plain;charset=UTF-8");
  const form = new FormData();
  form.append("k", "v");
  const multipart = await (await fetch(new Request(`${BASE}/echo`, { method: "PUT", body: form }))).json();
  assert.ok(multipart.body.includes('name="k"\r\n\r\nv'), multipart.body);
  const streamed = await (await fetch(`${BASE}/echo`, {
    method: "POST", duplex: "half",
    body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("from a stream")); c.close(); } }),
  })).json();
  assert.equal(streamed.body, "from a stream");
});

test("error statuses resolve; binary bodies arrive intact", async () => {
  const missing = await fetch(`${BASE}/missing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.ok, false);
  assert.equal(missing.statusText, "Not Found");
  assert.equal(await missing.text(), "no such thing");
  const bytes = await (await fetch(`${BASE}/binary`)).bytes();
  assert.equal(bytes.length, 256);
  assert.equal(bytes[255], 255);
  const head = await fetch(`${BASE}/binary`, { method: "HEAD" });
  assert.equal(head.body, null);
});

test("redirects: followed, manual, error, 303 turns into GET, loops fail", async () => {
  const followed = await fetch(`${BASE}/redirect`);
  assert.equal(followed.redirected, true);
  assert.equal(followed.url, `${BASE}/echo?x=1`);
  assert.equal((await followed.json()).path, "/echo?x=1");
  const manual = await fetch(`${BASE}/redirect`, { redirect: "manual" });
  assert.equal(manual.status, 302);
  assert.equal(manual.headers.get("location"), "/echo?x=1");
  await assert.rejects(fetch(`${BASE}/redirect`, { redirect: "error" }), TypeError);
  const seeOther = await (await fetch(`${BASE}/see-other`, { method: "POST", body: "dropped" })).json();
  assert.equal(seeOther.method, "GET");
  assert.equal(seeOther.body, "");
  await assert.rejects(fetch(`${BASE}/loop`), TypeError);
});

// (A refused connection also rejects with TypeError, but only after AsyncHTTPClient's 30 s connect timeout,
// since it retries refused connections; too slow for this suite.)
test("network failures and bad input reject with TypeError", async () => {
  await assert.rejects(fetch("not a url"), TypeError);
  await assert.rejects(fetch("ftp://example.com/"), TypeError);
  await assert.rejects(fetch(`${BASE}/huge-header`), TypeError, "a 2 MB response header is refused");
});

test("abort rejects with the signal's reason", async () => {
  const controller = new AbortController();
  const pending = fetch(`${BASE}/slow`, { signal: controller.signal });
  controller.abort();
  let error;
  try { await pending; } catch (e) { error = e; }
  assert.ok(error instanceof DOMException);
  assert.equal(error.name, "AbortError");
  await assert.rejects(fetch(`${BASE}/echo`, { signal: AbortSignal.abort(new RangeError("pre")) }), RangeError);
  const timedOut = fetch(`${BASE}/slow`, { signal: AbortSignal.timeout(20) });
  let timeoutError;
  try { await timedOut; } catch (e) { timeoutError = e; }
  assert.equal(timeoutError.name, "TimeoutError");
});

test("data: URLs are answered locally", async () => {
  const r = await fetch("data:text/plain;base64,aGk=");
  assert.equal(r.headers.get("content-type"), "text/plain");
  assert.equal(await r.text(), "hi");
  assert.equal(await (await fetch("data:,a%20b")).text(), "a b");
});
