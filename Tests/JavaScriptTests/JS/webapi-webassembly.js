// WebAssembly.compileStreaming / instantiateStreaming over Responses (the Web API half of WebAssembly).

// (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
const addWasm = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02,
  0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20,
  0x01, 0x6a, 0x0b,
]);
const wasmResponse = (init = {}) => new Response(addWasm, { headers: { "content-type": "application/wasm" }, ...init });

// Rejects if `promise` has not settled within `ms`, so a promise that never settles fails instead of hanging.
function settles(promise, what, ms = 2000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test("compileStreaming takes a Response or a promise for one", async () => {
  const module = await settles(WebAssembly.compileStreaming(wasmResponse()), "compileStreaming(response)");
  assert.ok(module instanceof WebAssembly.Module);
  const fromPromise = await settles(WebAssembly.compileStreaming(Promise.resolve(wasmResponse())), "compileStreaming(promise)");
  assert.ok(fromPromise instanceof WebAssembly.Module);
});

test("instantiateStreaming gives { module, instance }", async () => {
  const { module, instance } = await settles(WebAssembly.instantiateStreaming(wasmResponse(), {}), "instantiateStreaming");
  assert.ok(module instanceof WebAssembly.Module);
  assert.equal(instance.exports.add(40, 2), 42);
});

test("the Response is checked as the WebAssembly Web API says", async () => {
  await assert.rejects(settles(WebAssembly.compileStreaming(new Response(addWasm)), "no MIME type"), TypeError);
  await assert.rejects(settles(WebAssembly.compileStreaming(wasmResponse({ status: 404 })), "status 404"), TypeError);
  await assert.rejects(settles(WebAssembly.compileStreaming(addWasm), "not a Response"), TypeError);
  const used = wasmResponse();
  await used.arrayBuffer();
  await assert.rejects(settles(WebAssembly.compileStreaming(used), "used body"), TypeError);
  const bad = new Response(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1]), { headers: { "content-type": "application/wasm" } });
  await assert.rejects(settles(WebAssembly.instantiateStreaming(bad), "bad bytes"), WebAssembly.CompileError);
  const parameters = new Response(addWasm, { headers: { "content-type": "Application/Wasm; charset=binary" } });
  assert.ok(await settles(WebAssembly.compileStreaming(parameters), "MIME parameters") instanceof WebAssembly.Module);
});
