// Workloads for the concurrency and leak tests (not part of the per-test list).
import { hello } from "./tests.js";

// Each invocation spins `rounds` iterations, so a dispatch keeps lavapipe busy for a while. llvmpipe (under
// lavapipe) silently leaves an invocation's loops after 65 535 iterations in all (nested loops share the
// count), so the loop runs 8 rounds per iteration, then the remaining 0-7 (up to 524 279 rounds).
const busyShader = `
  @group(0) @binding(0) var<storage, read_write> out : array<u32>;
  @group(0) @binding(1) var<uniform> rounds : vec4<u32>;
  fn step(x : u32) -> u32 { return x * 1664525u + 1013904223u; }
  @compute @workgroup_size(64)
  fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
    var x = gid.x;
    for (var i = 0u; i < rounds.x / 8u; i = i + 1u) {
      x = step(step(step(step(step(step(step(step(x))))))));
    }
    for (var i = 0u; i < rounds.x % 8u; i = i + 1u) { x = step(x); }
    out[gid.x] = x;
  }
`;

/// Runs a long dispatch and answers with the first output word (computed the same way on the CPU by the test).
export async function busy(rounds) {
  const device = await (await navigator.gpu.requestAdapter()).requestDevice();
  const out = device.createBuffer({ size: 256 * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniform, 0, new Uint32Array([rounds, 0, 0, 0]));
  const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module: device.createShaderModule({ code: busyShader }) } });
  const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: out } }, { binding: 1, resource: { buffer: uniform } }] }));
  pass.dispatchWorkgroups(4);
  pass.end();
  encoder.copyBufferToBuffer(out, 4, readback, 0, 16);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const value = new Uint32Array(readback.getMappedRange())[0];
  device.destroy();
  return String(value);
}

/// One hello-world round trip. `fresh`: a new adapter and device per request, dropped without destroy();
/// otherwise one device per object, with new buffers, pipeline and bind group per request, all dropped to the GC.
export async function roundTrip(state, fresh) {
  let device = state.device;
  if (fresh || !device) {
    device = await (await navigator.gpu.requestAdapter()).requestDevice();
    if (!fresh) state.device = device;
  }
  const storage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module: device.createShaderModule({ code: hello }) } });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] }));
  pass.dispatchWorkgroups(4);
  pass.end();
  encoder.copyBufferToBuffer(storage, 0, readback, 0, 16);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  return Array.from(new Float32Array(readback.getMappedRange())).join(",");
}
