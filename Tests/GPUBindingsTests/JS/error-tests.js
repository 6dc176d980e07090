// Errors: WebIDL TypeErrors, error scopes, uncapturederror, compilation info, pipeline errors, device loss.
import { assert, equal, deepEqual, throws, rejects, device as openDevice } from "./assert.js";
import { hello } from "./tests.js";

export const errorTests = {
  async webidlConversions() {
    const device = await openDevice();
    const e = throws(() => device.createBuffer({ usage: GPUBufferUsage.COPY_DST }), TypeError, "missing size");
    assert(e.message.includes("size") && e.message.includes("Required member"), `message names the member: ${e.message}`);
    throws(() => device.createBuffer({ size: 4 }), TypeError, "missing usage");
    throws(() => device.createBuffer(), TypeError, "no descriptor");
    throws(() => device.createBuffer(7), TypeError, "descriptor is not a dictionary");
    throws(() => device.createBuffer({ size: -1, usage: 8 }), TypeError, "negative size [EnforceRange]");
    throws(() => device.createBuffer({ size: 2 ** 53, usage: 8 }), TypeError, "size above 2^53-1");
    throws(() => device.createBuffer({ size: Infinity, usage: 8 }), TypeError, "infinite size");
    throws(() => device.createBuffer({ size: 4, usage: 2 ** 32 }), TypeError, "usage above 2^32-1");
    throws(() => device.createBuffer({ size: Symbol("x"), usage: 8 }), TypeError, "symbol size");
    equal(device.createBuffer({ size: 4.9, usage: 8 }).size, 4, "fractions truncate");
    equal(device.createBuffer({ size: "8", usage: 8 }).size, 8, "strings convert");
    throws(() => device.pushErrorScope("everything"), TypeError, "bad GPUErrorFilter");
    throws(() => device.createShaderModule({}), TypeError, "code is required");
    throws(() => device.createBindGroupLayout({ entries: [{ visibility: 4, buffer: {} }] }), TypeError, "binding required");
    throws(() => device.createBindGroupLayout({ entries: [{ binding: 0, visibility: 4, buffer: { type: "storagez" } }] }),
      TypeError, "bad GPUBufferBindingType");
    throws(() => device.createBindGroupLayout({ entries: 5 }), TypeError, "entries is a sequence");
    throws(() => device.createQuerySet({ type: "pipeline-statistics", count: 1 }), TypeError, "bad GPUQueryType");
    throws(() => device.createSampler({ magFilter: "cubic" }), TypeError, "bad GPUFilterMode");
    throws(() => device.createComputePipeline({ layout: "manual", compute: { module: device.createShaderModule({ code: hello }) } }),
      TypeError, "layout must be 'auto' or a GPUPipelineLayout");
    throws(() => device.createComputePipeline({ layout: "auto" }), TypeError, "compute is required");
    throws(() => device.createBindGroup({ layout: {}, entries: [] }), TypeError, "layout must be a GPUBindGroupLayout");
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    throws(() => pass.dispatchWorkgroups(-1), TypeError, "dispatch count [EnforceRange]");
    throws(() => pass.dispatchWorkgroups(NaN), TypeError, "NaN dispatch count");
    throws(() => pass.setBindGroup(0, {}), TypeError, "bind group must be a GPUBindGroup");
  },

  async errorScopes() {
    const device = await openDevice();
    await rejects(device.popErrorScope(), "OperationError", "popping an empty stack");
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.MAP_WRITE });
    device.createBuffer({ size: 16, usage: 0 });
    const validation = await device.popErrorScope();
    assert(validation instanceof GPUValidationError, "validation error captured");
    assert(validation.message.length > 0, "the error has a message");
    equal(await device.popErrorScope(), null, "the outer out-of-memory scope saw nothing");
    device.pushErrorScope("internal");
    device.pushErrorScope("validation");
    device.pushErrorScope("internal");
    device.createBuffer({ size: 16, usage: 0 });
    equal(await device.popErrorScope(), null, "an internal scope does not catch validation errors");
    assert(await device.popErrorScope() instanceof GPUValidationError, "the enclosing validation scope does");
    equal(await device.popErrorScope(), null, "outermost scope empty");
  },

  async outOfMemory() {
    const device = await openDevice();
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    const huge = device.createBuffer({ size: device.limits.maxBufferSize, usage: GPUBufferUsage.STORAGE });
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    assert(huge instanceof GPUBuffer, "createBuffer returns a buffer object even when allocation fails");
    assert(oom instanceof GPUOutOfMemoryError || validation === null,
      `a buffer of maxBufferSize either allocates or fails with GPUOutOfMemoryError (got ${validation?.message})`);
    huge.destroy();
    device.pushErrorScope("validation");
    device.createBuffer({ size: 2 ** 52, usage: GPUBufferUsage.STORAGE });
    assert(await device.popErrorScope() instanceof GPUValidationError, "a size above maxBufferSize is a validation error");
  },

  async uncapturedErrorEvents() {
    const device = await openDevice();
    const seen = [];
    const listener = (event) => { seen.push(["listener", event]); event.preventDefault(); };
    device.addEventListener("uncapturederror", listener);
    device.onuncapturederror = (event) => seen.push(["handler", event]);
    equal(typeof device.onuncapturederror, "function", "onuncapturederror reads back");
    device.createBuffer({ size: 16, usage: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await device.queue.onSubmittedWorkDone();
    while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    deepEqual(seen.map(([who]) => who), ["listener", "handler"], "both the listener and the handler fire");
    const event = seen[0][1];
    assert(event instanceof GPUUncapturedErrorEvent, "event type");
    equal(event.type, "uncapturederror", "event name");
    assert(event.error instanceof GPUValidationError, "event.error");
    assert(event.target === device, "event.target is the device");
    device.removeEventListener("uncapturederror", listener);
    device.onuncapturederror = null;
    equal(device.onuncapturederror, null, "handler cleared");
  },

  async compilationInfo() {
    const device = await openDevice();
    const good = await device.createShaderModule({ code: hello }).getCompilationInfo();
    assert(good instanceof GPUCompilationInfo, "GPUCompilationInfo");
    equal(good.messages.length, 0, "valid WGSL has no messages");
    device.pushErrorScope("validation");
    const bad = device.createShaderModule({ code: "@compute @workgroup_size(1)\nfn main() {\n  let x : f32 = nope;\n}\n" });
    assert(await device.popErrorScope() instanceof GPUValidationError, "bad WGSL is a validation error");
    const info = await bad.getCompilationInfo();
    assert(info.messages.length >= 1, "bad WGSL has messages");
    assert(Object.isFrozen(info.messages) && info.messages === info.messages, "messages is a [SameObject] frozen array");
    const message = info.messages[0];
    assert(message instanceof GPUCompilationMessage, "GPUCompilationMessage");
    equal(message.type, "error", "type");
    equal(message.lineNum, 3, "lineNum");
    equal(message.linePos, 17, "linePos");
    equal(message.offset, 56, "offset");
    equal(message.length, 4, "length");
    assert(message.message.includes("nope"), `message text: ${message.message}`);
  },

  async pipelineErrors() {
    const device = await openDevice();
    const module = device.createShaderModule({ code: hello });
    const error = await rejects(device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "missing" } }),
      GPUPipelineError, "a missing entry point rejects");
    equal(error.reason, "validation", "reason");
    assert(error instanceof DOMException, "GPUPipelineError is a DOMException");
    const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
    assert(pipeline instanceof GPUComputePipeline, "a valid pipeline resolves");
    device.pushErrorScope("validation");
    const invalid = device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "missing" } });
    assert(invalid instanceof GPUComputePipeline, "createComputePipeline returns an (invalid) pipeline");
    assert(await device.popErrorScope() instanceof GPUValidationError, "and reports a validation error");
  },

  async deviceLossAfterDestroy() {
    const device = await openDevice();
    const buffer = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_WRITE, mappedAtCreation: true });
    const range = buffer.getMappedRange();
    device.destroy();
    equal(range.byteLength, 0, "destroy unmaps the device's buffers");
    const info = await device.lost;
    assert(info instanceof GPUDeviceLostInfo, "lost resolves with GPUDeviceLostInfo");
    equal(info.reason, "destroyed", "reason");
    equal(typeof info.message, "string", "message");
    device.createBuffer({ size: 4, usage: GPUBufferUsage.COPY_DST });
    device.pushErrorScope("validation");
    device.createBuffer({ size: 4, usage: 0 });
    equal(await device.popErrorScope(), null, "a lost device reports no errors");
    device.destroy();
  },
};
