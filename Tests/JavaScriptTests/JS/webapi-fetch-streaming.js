// fetch() bodies stream in as they arrive, and aborts/cancels reach the network. BASE is the loopback server
// of WebAPIFetchStreamingTests.swift; its /closed?name route answers "closed" once that stream's client left.

// Rejects if `promise` has not settled within `ms`, so a body that never arrives fails instead of hanging.
// Generous, because the full suite runs it beside GPU tests on a 2-core machine (3 s timed out there).
function settles(promise, what, ms = 15000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (bytes) => new TextDecoder().decode(bytes);
const closed = async (name) => (await fetch(`${BASE}/closed?${name}`)).text();

async function rejection(promise) {
  try { await promise; } catch (error) { return error; }
  throw new Error("expected a rejection");
}

test("the body arrives chunk by chunk, before the server has finished it", async () => {
  const response = await settles(fetch(`${BASE}/gated`), "fetch /gated");
  assert.ok(response.body instanceof ReadableStream);
  const reader = response.body.getReader();
  const first = await settles(reader.read(), "first chunk");
  assert.equal(text(first.value), "first|", "the first chunk is read while the server still holds the second");
  await fetch(`${BASE}/release`);
  let rest = "";
  for (;;) {
    const { value, done } = await settles(reader.read(), "later chunks");
    if (done) break;
    rest += text(value);
  }
  assert.equal(rest, "second");
});

test("text() reads a streamed body whole", async () => {
  const pending = fetch(`${BASE}/gated`).then((r) => r.text());
  await sleep(50);
  await fetch(`${BASE}/release`);
  assert.equal(await settles(pending, "text()"), "first|second");
});

test("aborting during the body errors the stream with AbortError and closes the connection", async () => {
  const controller = new AbortController();
  const response = await settles(fetch(`${BASE}/endless`, { signal: controller.signal }), "fetch /endless");
  const reader = response.body.getReader();
  const { value } = await settles(reader.read(), "first chunk");
  assert.ok(value.length > 0);
  controller.abort();
  const error = await settles(rejection(reader.read()), "read after abort");
  assert.ok(error instanceof DOMException, `got ${error}`);
  assert.equal(error.name, "AbortError");
  assert.equal(await closed("endless"), "closed", "the server saw the request cancelled");
});

test("aborting before the head rejects with AbortError and closes the connection", async () => {
  const controller = new AbortController();
  const pending = fetch(`${BASE}/hold`, { signal: controller.signal });
  // Abort once the server has the request (a fixed delay lost that race while the full suite loaded the machine).
  assert.equal(await (await fetch(`${BASE}/arrived?hold`)).text(), "arrived");
  controller.abort();
  const error = await settles(rejection(pending), "fetch /hold after abort");
  assert.ok(error instanceof DOMException, `got ${error}`);
  assert.equal(error.name, "AbortError");
  assert.equal(await closed("hold"), "closed", "the server saw the request cancelled");
});

test("an unread body holds the transfer back; cancelling the body cancels the request", async () => {
  const response = await settles(fetch(`${BASE}/flood`), "fetch /flood");
  await sleep(300);
  const sent = Number(await (await fetch(`${BASE}/flood-sent`)).text());
  assert.ok(sent < 32 * 1024 * 1024, `the server got ${sent} of 64 MiB out to a client that reads nothing`);
  const reader = response.body.getReader();
  const { value } = await settles(reader.read(), "first flood chunk");
  assert.ok(value.length > 0);
  await reader.cancel();
  assert.equal(await closed("flood"), "closed", "the server saw the request cancelled");
});
