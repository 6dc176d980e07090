// Minimal assertions for the GPU tests: each failure names what was expected and what came.
export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function deepEqual(actual, expected, message) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

/// Runs `body` and checks it throws an error of `type` (a constructor) or with `name` (a string).
export function throws(body, type, message) {
  try {
    body();
  } catch (error) {
    checkError(error, type, message);
    return error;
  }
  throw new Error(`${message}: expected a ${typeName(type)} to be thrown, nothing was`);
}

export async function rejects(promise, type, message) {
  try {
    await promise;
  } catch (error) {
    checkError(error, type, message);
    return error;
  }
  throw new Error(`${message}: expected a rejection with ${typeName(type)}, it resolved`);
}

function typeName(type) { return typeof type === "string" ? type : type.name; }

function checkError(error, type, message) {
  const ok = typeof type === "string" ? error?.name === type : error instanceof type;
  if (!ok) throw new Error(`${message}: expected ${typeName(type)}, got ${error?.name}: ${error?.message}`);
}

export async function device(descriptor) {
  const adapter = await navigator.gpu.requestAdapter();
  assert(adapter instanceof GPUAdapter, "requestAdapter resolves with a GPUAdapter");
  return adapter.requestDevice(descriptor);
}

/// Copies `source` (COPY_SRC) into a fresh MAP_READ buffer and returns its bytes as a Uint8Array copy.
export async function readBack(device, source, size = source.size) {
  const readback = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, readback, 0, size);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const bytes = new Uint8Array(readback.getMappedRange()).slice();
  readback.destroy();
  return bytes;
}

/// Runs the compute shader `code` (entry point `main`) with `buffer` at @binding(0), in one submitted pass.
export function dispatchOnBuffer(device, code, buffer, workgroups = 1) {
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code }) } });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
  pass.dispatchWorkgroups(workgroups);
  pass.end();
  device.queue.submit([encoder.finish()]);
}

export const floats = (bytes) => Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
export const words = (bytes) => Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
