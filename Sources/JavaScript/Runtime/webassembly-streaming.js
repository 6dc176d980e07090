// WebAssembly.compileStreaming / instantiateStreaming (WebAssembly Web API §3) over a Response or a promise
// for one. Without WebCore, JSC offers no streaming compiler, so the checked body is read whole and handed to
// WebAssembly.compile, which settles on the isolate thread (Core/WebAssemblyPromises.swift).
const internal = kiln.internal;
const { compile, instantiate } = WebAssembly;

async function responseBytes(source, method) {
  const context = `WebAssembly.${method}()`;
  const response = await source;
  if (!internal.isResponse(response)) throw new TypeError(`${context}: Argument 0 must be a Response or a promise for one.`);
  const essence = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (essence !== "application/wasm") {
    throw new TypeError(`${context}: Incorrect response MIME type. Expected 'application/wasm'.`);
  }
  if (!response.ok) throw new TypeError(`${context}: HTTP status code is not ok (${response.status}).`);
  if (response.bodyUsed) throw new TypeError(`${context}: Response body has already been used.`);
  return response.arrayBuffer();
}

const streaming = {
  async compileStreaming(source) {
    return compile(await responseBytes(source, "compileStreaming"));
  },
  async instantiateStreaming(source, importObject = undefined) {
    return instantiate(await responseBytes(source, "instantiateStreaming"), importObject);
  },
};
for (const name of Object.keys(streaming)) {
  Object.defineProperty(WebAssembly, name, { value: streaming[name], writable: true, enumerable: true, configurable: true });
}
