// Encoding: explicit layouts, dynamic offsets, copies and clears, indirect dispatch, query sets, samplers.
import { assert, equal, deepEqual, throws, device as openDevice, readBack, words } from "./assert.js";

// Writes its workgroup's x id + the uniform's value at the start of the bound (dynamically offset) slot.
const offsetShader = `
  @group(0) @binding(0) var<uniform> add : vec4<u32>;
  @group(0) @binding(1) var<storage, read_write> slot : array<u32>;
  @compute @workgroup_size(1)
  fn main(@builtin(workgroup_id) id : vec3<u32>) { slot[id.x] = id.x + add.x; }
`;

export const encodingTests = {
  async dynamicOffsets() {
    const device = await openDevice();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const uniformAlign = device.limits.minUniformBufferOffsetAlignment;
    const layout = device.createBindGroupLayout({ entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: "uniform", hasDynamicOffset: true } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: "storage", hasDynamicOffset: true, minBindingSize: 8 } },
    ] });
    assert(layout instanceof GPUBindGroupLayout, "explicit layout");
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    assert(pipelineLayout instanceof GPUPipelineLayout, "pipeline layout");
    const pipeline = device.createComputePipeline({
      layout: pipelineLayout, compute: { module: device.createShaderModule({ code: offsetShader }), entryPoint: "main" },
    });
    const uniforms = device.createBuffer({ size: uniformAlign * 2, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniforms, 0, new Uint32Array([100, 0, 0, 0]));
    device.queue.writeBuffer(uniforms, uniformAlign, new Uint32Array([200, 0, 0, 0]));
    const storage = device.createBuffer({ size: align * 3, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const group = device.createBindGroup({ layout, entries: [
      { binding: 0, resource: { buffer: uniforms, size: 16 } },
      { binding: 1, resource: { buffer: storage, offset: 0, size: 8 } },
    ] });
    device.pushErrorScope("validation");
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass({ label: "offsets" });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group, [0, align]);                                  // array form
    pass.dispatchWorkgroups(2);
    pass.setBindGroup(0, group, new Uint32Array([7, uniformAlign, 2 * align, 9]), 1, 2); // Uint32Array slice
    pass.dispatchWorkgroups(2);
    throws(() => pass.setBindGroup(0, group, new Uint32Array(2), 1, 2), RangeError, "slice past the array");
    pass.end();
    device.queue.submit([encoder.finish()]);
    equal(await device.popErrorScope(), null, "no validation errors");
    const result = words(await readBack(device, storage));
    deepEqual([result[0], result[1]], [0, 0], "slot 0 untouched");
    deepEqual([result[align / 4], result[align / 4 + 1]], [100, 101], "array offsets");
    deepEqual([result[2 * align / 4], result[2 * align / 4 + 1]], [200, 201], "Uint32Array slice offsets");
  },

  async copiesAndClears() {
    const device = await openDevice();
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const source = device.createBuffer({ size: 16, usage });
    const target = device.createBuffer({ size: 16, usage });
    device.queue.writeBuffer(source, 0, new Uint32Array([1, 2, 3, 4]));
    device.queue.writeBuffer(target, 0, new Uint32Array([9, 9, 9, 9]));
    const encoder = device.createCommandEncoder();
    encoder.pushDebugGroup("copies");
    encoder.insertDebugMarker("start");
    encoder.copyBufferToBuffer(source, target);                   // short overload: whole buffer
    encoder.clearBuffer(target, 4, 8);
    encoder.popDebugGroup();
    device.queue.submit([encoder.finish()]);
    deepEqual(words(await readBack(device, target)), [1, 0, 0, 4], "copy then clear");
    const again = device.createCommandEncoder();
    again.copyBufferToBuffer(source, 8, target, 0, 8);
    again.clearBuffer(source);
    device.queue.submit([again.finish()]);
    deepEqual(words(await readBack(device, target)), [3, 4, 0, 4], "copy with offsets");
    deepEqual(words(await readBack(device, source)), [0, 0, 0, 0], "clear whole buffer");
  },

  async encoderValidation() {
    const device = await openDevice();
    device.pushErrorScope("validation");
    const encoder = device.createCommandEncoder();
    const first = encoder.finish();
    const second = encoder.finish();
    assert(second instanceof GPUCommandBuffer, "finishing twice still returns a command buffer");
    assert(await device.popErrorScope() instanceof GPUValidationError, "finishing twice is a validation error");
    device.queue.submit([first]);
    device.pushErrorScope("validation");
    device.queue.submit([first]);
    assert(await device.popErrorScope() instanceof GPUValidationError, "submitting a buffer twice is a validation error");
    device.pushErrorScope("validation");
    const small = device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    const copy = device.createCommandEncoder();
    copy.copyBufferToBuffer(small, 0, small, 0, 64);
    device.queue.submit([copy.finish()]);
    assert(await device.popErrorScope() instanceof GPUValidationError, "an out-of-bounds copy is a validation error");
  },

  async indirectDispatch() {
    const device = await openDevice();
    const module = device.createShaderModule({ code: `
      @group(0) @binding(0) var<storage, read_write> out : array<u32>;
      @compute @workgroup_size(1) fn main(@builtin(workgroup_id) id : vec3<u32>) { out[id.x] = 7u; }` });
    const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module } });
    const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const args = device.createBuffer({ size: 12, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(args, 0, new Uint32Array([3, 1, 1]));
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: out }] }));
    pass.pushDebugGroup("indirect");
    pass.insertDebugMarker("dispatch");
    pass.dispatchWorkgroupsIndirect(args, 0);
    pass.popDebugGroup();
    pass.end();
    device.queue.submit([encoder.finish()]);
    deepEqual(words(await readBack(device, out)), [7, 7, 7, 0], "three workgroups from the indirect buffer");
  },

  async querySetsAndSamplers() {
    const device = await openDevice();
    const occlusion = device.createQuerySet({ type: "occlusion", count: 2, label: "q" });
    assert(occlusion instanceof GPUQuerySet, "GPUQuerySet");
    equal(occlusion.type, "occlusion", "type");
    equal(occlusion.count, 2, "count");
    const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    device.pushErrorScope("validation");
    const encoder = device.createCommandEncoder();
    encoder.resolveQuerySet(occlusion, 0, 2, resolved, 0);
    device.queue.submit([encoder.finish()]);
    equal(await device.popErrorScope(), null, "resolving an occlusion set");
    occlusion.destroy();
    occlusion.destroy();
    const hasTimestamps = device.features.has("timestamp-query");
    device.pushErrorScope("validation");
    const timestamps = device.createQuerySet({ type: "timestamp", count: 2 });
    const pass = device.createCommandEncoder().beginComputePass({
      timestampWrites: { querySet: timestamps, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
    pass.end();
    const timestampError = await device.popErrorScope();
    equal(timestampError === null, hasTimestamps, "timestamp queries need the timestamp-query feature");
    const sampler = device.createSampler({ addressModeU: "repeat", magFilter: "linear", minFilter: "linear",
      mipmapFilter: "linear", lodMaxClamp: 4, maxAnisotropy: 1 });
    assert(sampler instanceof GPUSampler, "GPUSampler");
    const layout = device.createBindGroupLayout({ entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, sampler: { type: "filtering" } }] });
    device.pushErrorScope("validation");
    const group = device.createBindGroup({ layout, entries: [{ binding: 0, resource: sampler }] });
    equal(await device.popErrorScope(), null, "a sampler binding");
    assert(group instanceof GPUBindGroup, "GPUBindGroup with a sampler");
  },
};
