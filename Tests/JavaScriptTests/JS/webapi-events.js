// Event, CustomEvent, EventTarget, AbortController/AbortSignal and DOMException.

test("EventTarget dispatches to listeners in order, with once, handleEvent and removal", () => {
  const target = new EventTarget();
  const calls = [];
  const a = (e) => calls.push(["a", e.type, e.target === target, e.currentTarget === target, e.eventPhase]);
  target.addEventListener("ping", a);
  target.addEventListener("ping", a); // duplicates are ignored
  target.addEventListener("ping", { handleEvent(e) { calls.push(["obj", this !== target]); } });
  target.addEventListener("ping", () => calls.push(["once"]), { once: true });
  assert.equal(target.dispatchEvent(new Event("ping")), true);
  target.dispatchEvent(new Event("ping"));
  assert.deepEqual(calls.map((c) => c[0]), ["a", "obj", "once", "a", "obj"]);
  assert.deepEqual(calls[0], ["a", "ping", true, true, Event.AT_TARGET]);
  target.removeEventListener("ping", a);
  calls.length = 0;
  target.dispatchEvent(new Event("ping"));
  assert.deepEqual(calls.map((c) => c[0]), ["obj"]);
});

test("Event cancelation, stopImmediatePropagation and passive listeners", () => {
  const target = new EventTarget();
  target.addEventListener("x", (e) => e.preventDefault(), { passive: true });
  const passive = new Event("x", { cancelable: true });
  assert.equal(target.dispatchEvent(passive), true);
  assert.equal(passive.defaultPrevented, false);
  const t2 = new EventTarget();
  const seen = [];
  t2.addEventListener("x", (e) => { e.preventDefault(); e.stopImmediatePropagation(); seen.push(1); });
  t2.addEventListener("x", () => seen.push(2));
  const ev = new Event("x", { cancelable: true });
  assert.equal(t2.dispatchEvent(ev), false);
  assert.equal(ev.defaultPrevented, true);
  assert.deepEqual(seen, [1]);
  assert.equal(new Event("y").cancelable, false);
  assert.equal(ev.eventPhase, Event.NONE);
  assert.equal(ev.isTrusted, false);
  assert.throws(() => new Event(), TypeError);
  assert.throws(() => t2.dispatchEvent({ type: "x" }), TypeError);
});

test("a throwing listener does not stop dispatch; re-dispatch is InvalidStateError", () => {
  const target = new EventTarget();
  const seen = [];
  target.addEventListener("x", () => { throw new Error("listener failed"); });
  target.addEventListener("x", (e) => {
    seen.push("second");
    let error;
    try { target.dispatchEvent(e); } catch (err) { error = err; }
    seen.push(error.name);
  });
  target.dispatchEvent(new Event("x"));
  assert.deepEqual(seen, ["second", "InvalidStateError"]);
});

test("CustomEvent carries detail; EventTarget subclasses work", () => {
  class Emitter extends EventTarget {}
  const em = new Emitter();
  let detail;
  em.addEventListener("data", (e) => { detail = e.detail; });
  em.dispatchEvent(new CustomEvent("data", { detail: { n: 1 } }));
  assert.deepEqual(detail, { n: 1 });
  assert.equal(new CustomEvent("z").detail, null);
  assert.ok(new CustomEvent("z") instanceof Event);
  assert.equal(Object.prototype.toString.call(new CustomEvent("z")), "[object CustomEvent]");
});

test("AbortController aborts its signal once, with reason and event", () => {
  const controller = new AbortController();
  const { signal } = controller;
  const events = [];
  signal.addEventListener("abort", (e) => events.push(e.type));
  signal.onabort = () => events.push("onabort");
  assert.equal(signal.aborted, false);
  signal.throwIfAborted();
  controller.abort();
  controller.abort("again");
  assert.equal(signal.aborted, true);
  assert.ok(signal.reason instanceof DOMException);
  assert.equal(signal.reason.name, "AbortError");
  assert.deepEqual(events, ["abort", "onabort"]);
  assert.throws(() => signal.throwIfAborted(), DOMException);
  const c2 = new AbortController();
  c2.abort(new Error("custom"));
  assert.equal(c2.signal.reason.message, "custom");
  assert.throws(() => new AbortSignal(), TypeError);
});

test("AbortSignal.abort, any and timeout", async () => {
  assert.equal(AbortSignal.abort("r").reason, "r");
  const a = new AbortController(), b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  assert.equal(any.aborted, false);
  b.abort("from b");
  assert.equal(any.aborted, true);
  assert.equal(any.reason, "from b");
  assert.equal(AbortSignal.any([AbortSignal.abort("x")]).reason, "x");
  const timed = AbortSignal.timeout(5);
  assert.equal(timed.aborted, false);
  await new Promise((resolve) => timed.addEventListener("abort", resolve));
  assert.equal(timed.reason.name, "TimeoutError");
  assert.throws(() => AbortSignal.any([{}]), TypeError);
});

test("addEventListener honours an AbortSignal", () => {
  const target = new EventTarget();
  const controller = new AbortController();
  let count = 0;
  target.addEventListener("x", () => count++, { signal: controller.signal });
  target.dispatchEvent(new Event("x"));
  controller.abort();
  target.dispatchEvent(new Event("x"));
  assert.equal(count, 1);
});

test("DOMException names, codes and Error-ness", () => {
  const e = new DOMException("bad clone", "DataCloneError");
  assert.equal(e.name, "DataCloneError");
  assert.equal(e.message, "bad clone");
  assert.equal(e.code, 25);
  assert.equal(DOMException.DATA_CLONE_ERR, 25);
  assert.ok(e instanceof Error);
  assert.equal(typeof e.stack, "string");
  assert.equal(new DOMException().name, "Error");
  assert.equal(new DOMException("m", "Custom").code, 0);
  assert.equal(Object.prototype.toString.call(e), "[object DOMException]");
});
