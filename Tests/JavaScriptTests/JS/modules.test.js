import { test } from "./harness.js";
import assert, { strictEqual } from "node:assert";
import Counter, { count, increment } from "./fixtures/counter.js";
import * as reexports from "./fixtures/reexports.js";

test("imported let bindings are live", () => {
  const before = count;
  increment(2);
  strictEqual(count, before + 2);
  strictEqual(reexports.count, count);
  strictEqual(reexports.counterModule.count, count);
});

test("default class export keeps private fields working", () => {
  const counter = new Counter();
  counter.bump();
  strictEqual(counter.bump(), 2);
  strictEqual(reexports.Counter, Counter);
});

test("namespace objects are module namespaces", () => {
  strictEqual(Object.prototype.toString.call(reexports), "[object Module]");
  assert.deepStrictEqual(Object.keys(reexports).sort(), ["Counter", "count", "counterModule", "increment"]);
  assert.throws(() => { "use strict"; reexports.count = 5; }, TypeError);
});

test("dynamic import resolves relative to this module and caches", async () => {
  const again = await import("./fixtures/counter.js");
  strictEqual(again.count, count);
  strictEqual(again.default, Counter);
  await assert.rejects(import("./fixtures/missing.js"), /Cannot find module/);
});

test("import.meta.url names this file", () => {
  assert.match(import.meta.url, /^file:\/\/.*modules\.test\.js$/);
});
