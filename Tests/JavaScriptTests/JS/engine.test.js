import { test, sleep } from "./harness.js";
import assert from "node:assert";

test("timers fire in deadline order and pass arguments", async () => {
  const log = [];
  setTimeout(v => log.push(v), 20, "late");
  setTimeout(v => log.push(v), 0, "early");
  const id = setTimeout(() => log.push("cleared"), 5);
  clearTimeout(id);
  await sleep(40);
  assert.deepStrictEqual(log, ["early", "late"]);
});

test("microtasks run before the next timer", async () => {
  const log = [];
  setTimeout(() => log.push("timeout"), 0);
  queueMicrotask(() => log.push("microtask"));
  Promise.resolve().then(() => log.push("promise"));
  log.push("sync");
  await sleep(10);
  assert.deepStrictEqual(log, ["sync", "microtask", "promise", "timeout"]);
});

test("setInterval repeats until cleared", async () => {
  let ticks = 0;
  await new Promise(resolve => {
    const id = setInterval(() => { if (++ticks === 4) { clearInterval(id); resolve(); } }, 1);
  });
  await sleep(10);
  assert.strictEqual(ticks, 4);
});

test("queueMicrotask validates its argument", () => {
  assert.throws(() => queueMicrotask(42), TypeError);
  assert.throws(() => setTimeout("alert(1)"), TypeError);
});

test("errors keep their types and stacks", () => {
  try {
    null.property;
    assert.fail("should have thrown");
  } catch (error) {
    assert.ok(error instanceof TypeError);
    assert.match(error.stack, /engine\.test\.js:\d+/);
  }
});

test("async functions, generators and modern syntax work", async () => {
  async function* numbers() { yield 1; await sleep(1); yield 2; }
  const seen = [];
  for await (const n of numbers()) seen.push(n);
  assert.deepStrictEqual(seen, [1, 2]);
  assert.strictEqual(({ a: { b: null } }).a.b?.c ?? "fallback", "fallback");
  assert.strictEqual([1, 2, 3].at(-1), 3);
  assert.strictEqual(typeof structuredClone === "function" || typeof structuredClone === "undefined", true);
  assert.strictEqual(typeof WebAssembly.Module, "function");
});
