import { test } from "./harness.js";
import assert, { AssertionError, strict } from "node:assert";

test("deepStrictEqual compares structure, prototypes and special objects", () => {
  assert.deepStrictEqual({ a: [1, { b: new Date(0) }], m: new Map([[1, new Set(["x"])]]) },
                         { a: [1, { b: new Date(0) }], m: new Map([[1, new Set(["x"])]]) });
  assert.deepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]));
  assert.throws(() => assert.deepStrictEqual({ a: 1 }, { a: "1" }), AssertionError);
  assert.throws(() => assert.deepStrictEqual([1], { 0: 1, length: 1 }), AssertionError);
  assert.throws(() => assert.deepStrictEqual(NaN, 0), AssertionError);
  assert.deepStrictEqual(NaN, NaN);
  assert.deepEqual({ a: 1 }, { a: "1" });
  const cyclic = { name: "c" }; cyclic.self = cyclic;
  const cyclic2 = { name: "c" }; cyclic2.self = cyclic2;
  assert.deepStrictEqual(cyclic, cyclic2);
});

test("AssertionError carries actual, expected, operator and code", () => {
  try {
    assert.strictEqual(1, 2);
  } catch (error) {
    assert.ok(error instanceof AssertionError);
    assert.strictEqual(error.code, "ERR_ASSERTION");
    assert.strictEqual(error.actual, 1);
    assert.strictEqual(error.expected, 2);
    assert.strictEqual(error.operator, "strictEqual");
    return;
  }
  assert.fail("strictEqual(1, 2) did not throw");
});

test("throws and rejects check constructors, patterns, objects and validators", async () => {
  assert.throws(() => { throw new RangeError("out of range"); }, RangeError);
  assert.throws(() => { throw new RangeError("out of range"); }, /out of/);
  assert.throws(() => { throw new RangeError("out of range"); }, { name: "RangeError", message: /range/ });
  assert.throws(() => { throw new Error("x"); }, error => error.message === "x");
  assert.throws(() => assert.throws(() => {}), /Missing expected exception/);
  assert.throws(() => assert.throws(() => { throw new TypeError("t"); }, RangeError), AssertionError);
  await assert.rejects(Promise.reject(new TypeError("async")), TypeError);
  await assert.rejects(async () => { throw new Error("fn"); }, /fn/);
  await assert.doesNotReject(Promise.resolve(1));
  await assert.rejects(assert.rejects(Promise.resolve(1)), AssertionError);
});

test("strict mode aliases and misc helpers", () => {
  assert.throws(() => strict.equal(1, "1"), AssertionError);
  assert.equal(1, "1");
  assert.notStrictEqual(1, "1");
  assert.match("kiln", /il/);
  assert.doesNotMatch("kiln", /xyz/);
  assert.ifError(null);
  assert.throws(() => assert.ifError(new Error("e")), /e/);
  assert.throws(() => assert(false), AssertionError);
  assert.strictEqual(assert.strict, strict);
});
