import { test } from "./harness.js";
import assert from "node:assert";
import { addModule, importingModule, trappingStartModule, truncatedModule, settles } from "./fixtures/wasm-builder.js";
import addFromFile from "./fixtures/add.wasm";

test("WebAssembly.compile settles with a Module", async () => {
  const module = await settles(WebAssembly.compile(addModule()), "compile(bytes)");
  assert.ok(module instanceof WebAssembly.Module);
  assert.deepStrictEqual(WebAssembly.Module.exports(module).map(({ name, kind }) => ({ name, kind })),
    [{ name: "add", kind: "function" }]);
  const fromBuffer = await settles(WebAssembly.compile(addModule().buffer), "compile(ArrayBuffer)");
  assert.ok(fromBuffer instanceof WebAssembly.Module);
});

test("instantiate(bytes) gives { module, instance }; instantiate(module) gives an Instance", async () => {
  const source = await settles(WebAssembly.instantiate(addModule()), "instantiate(bytes)");
  assert.deepStrictEqual(Object.keys(source).sort(), ["instance", "module"]);
  assert.ok(source.module instanceof WebAssembly.Module);
  assert.ok(source.instance instanceof WebAssembly.Instance);
  assert.strictEqual(source.instance.exports.add(2, 40), 42);
  const instance = await settles(WebAssembly.instantiate(source.module), "instantiate(module)");
  assert.ok(instance instanceof WebAssembly.Instance);
  assert.strictEqual(instance.exports.add(-1, 1), 0);
});

test("imports are passed through and called", async () => {
  const logged = [];
  const { instance } = await settles(WebAssembly.instantiate(importingModule(), { env: { log: v => logged.push(v) } }),
    "instantiate(bytes, imports)");
  instance.exports.run();
  assert.deepStrictEqual(logged, [42]);
});

test("bytes are copied when the call is made", async () => {
  const bytes = addModule();
  const pending = WebAssembly.compile(bytes);
  bytes.fill(0);
  assert.ok(await settles(pending, "compile") instanceof WebAssembly.Module);
});

test("failures reject with the types browsers use", async () => {
  await assert.rejects(settles(WebAssembly.compile(truncatedModule()), "compile(bad)"), WebAssembly.CompileError);
  await assert.rejects(settles(WebAssembly.instantiate(truncatedModule()), "instantiate(bad)"), WebAssembly.CompileError);
  await assert.rejects(settles(WebAssembly.compile(42), "compile(42)"), TypeError);
  await assert.rejects(settles(WebAssembly.instantiate(importingModule()), "no imports"), TypeError);
  await assert.rejects(settles(WebAssembly.instantiate(importingModule(), { env: {} }), "missing import"),
    WebAssembly.LinkError);
  await assert.rejects(settles(WebAssembly.instantiate(trappingStartModule()), "trapping start"),
    WebAssembly.RuntimeError);
  const error = await WebAssembly.compile(truncatedModule()).catch(e => e);
  assert.doesNotMatch(error.message, /evaluating/, "the internal call site is not in the message");
});

test("the calls never throw synchronously and keep their shape", () => {
  const rejected = WebAssembly.compile();
  assert.ok(rejected instanceof Promise);
  rejected.catch(() => {});
  assert.strictEqual(WebAssembly.compile.length, 1);
  assert.strictEqual(WebAssembly.instantiate.length, 1);
  assert.strictEqual(WebAssembly.instantiate.name, "instantiate");
});

test("a .wasm module import is a Module that instantiates asynchronously", async () => {
  assert.ok(addFromFile instanceof WebAssembly.Module);
  const instance = await settles(WebAssembly.instantiate(addFromFile), "instantiate(imported module)");
  assert.strictEqual(instance.exports.add(20, 22), 42);
});
