// navigator.gpu tests, one function per behaviour; index.js runs each inside its own Durable Object.
import { assert, equal, deepEqual, throws, rejects, device as openDevice, readBack, dispatchOnBuffer, floats, words } from "./assert.js";
import { mappingTests } from "./mapping-tests.js";
import { errorTests } from "./error-tests.js";
import { encodingTests } from "./encoding-tests.js";

const interfaceNames = [
  "GPU", "GPUAdapter", "GPUAdapterInfo", "GPUDevice", "GPUBuffer", "GPUQueue", "GPUShaderModule",
  "GPUCompilationInfo", "GPUCompilationMessage", "GPUBindGroupLayout", "GPUBindGroup", "GPUPipelineLayout",
  "GPUComputePipeline", "GPUCommandEncoder", "GPUCommandBuffer", "GPUComputePassEncoder", "GPUQuerySet",
  "GPUSampler", "GPUSupportedFeatures", "GPUSupportedLimits", "GPUDeviceLostInfo", "GPUError",
  "GPUValidationError", "GPUOutOfMemoryError", "GPUInternalError", "GPUPipelineError", "GPUUncapturedErrorEvent",
  "WGSLLanguageFeatures",
];

export const hello = `
  @group(0) @binding(0) var<storage, read_write> result : array<f32>;
  @compute @workgroup_size(1)
  fn main(@builtin(global_invocation_id) gid : vec3<u32>) { result[gid.x] = f32(gid.x); }
`;

export const tests = {
  ...mappingTests,
  ...errorTests,
  ...encodingTests,

  async globalsAndPrototypes() {
    for (const name of interfaceNames) {
      equal(typeof globalThis[name], "function", `${name} is a global constructor`);
      equal(Object.prototype.toString.call(globalThis[name].prototype), `[object ${name}]`, `${name} toStringTag`);
      assert(!Object.keys(globalThis).includes(name), `${name} is not enumerable on globalThis`);
    }
    for (const name of ["GPU", "GPUAdapter", "GPUBuffer", "GPUDevice", "GPUQueue", "GPUSupportedFeatures"]) {
      throws(() => new globalThis[name](), TypeError, `new ${name}() is an illegal constructor`);
    }
    assert(navigator.gpu instanceof GPU, "navigator.gpu instanceof GPU");
    assert(navigator.gpu === navigator.gpu, "navigator.gpu is [SameObject]");
    assert(GPUDevice.prototype instanceof EventTarget, "GPUDevice extends EventTarget");
    assert(GPUValidationError.prototype instanceof GPUError, "GPUValidationError extends GPUError");
    assert(GPUPipelineError.prototype instanceof DOMException, "GPUPipelineError extends DOMException");
    assert(GPUUncapturedErrorEvent.prototype instanceof Event, "GPUUncapturedErrorEvent extends Event");
    throws(() => GPUBuffer.prototype.mapState, TypeError, "getter on the prototype is an illegal invocation");
    throws(() => GPUDevice.prototype.createBuffer.call({}, { size: 4, usage: 8 }), TypeError, "method on a non-device");
    const error = new GPUValidationError("boom");
    equal(error.message, "boom", "GPUValidationError(message)");
    throws(() => new GPUError("x"), TypeError, "GPUError is abstract");
    const pipelineError = new GPUPipelineError("bad", { reason: "internal" });
    equal(pipelineError.reason, "internal", "GPUPipelineError reason");
    equal(pipelineError.name, "OperationError", "GPUPipelineError name");
    throws(() => new GPUPipelineError("bad", { reason: "nope" }), TypeError, "GPUPipelineError enum");
  },

  async namespaces() {
    deepEqual({ ...GPUBufferUsage }, { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, INDEX: 16, VERTEX: 32,
      UNIFORM: 64, STORAGE: 128, INDIRECT: 256, QUERY_RESOLVE: 512 }, "GPUBufferUsage");
    deepEqual({ ...GPUMapMode }, { READ: 1, WRITE: 2 }, "GPUMapMode");
    deepEqual({ ...GPUShaderStage }, { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 }, "GPUShaderStage");
    deepEqual({ ...GPUTextureUsage }, { COPY_SRC: 1, COPY_DST: 2, TEXTURE_BINDING: 4, STORAGE_BINDING: 8, RENDER_ATTACHMENT: 16 }, "GPUTextureUsage");
    equal(GPUColorWrite.ALL, 15, "GPUColorWrite.ALL");
    equal(Object.prototype.toString.call(GPUBufferUsage), "[object GPUBufferUsage]", "namespace toStringTag");
    throws(() => { GPUMapMode.READ = 7; }, TypeError, "namespace constants are read-only (strict mode)");
    equal(GPUMapMode.READ, 1, "namespace constant unchanged");
  },

  async adapter() {
    const gpu = navigator.gpu;
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    assert(adapter instanceof GPUAdapter, "adapter");
    assert(adapter.features instanceof GPUSupportedFeatures, "features");
    assert(adapter.features === adapter.features, "features [SameObject]");
    equal(typeof adapter.features.size, "number", "features.size");
    deepEqual([...adapter.features], [...adapter.features.values()], "setlike iteration");
    let visited = 0;
    adapter.features.forEach((value, key, set) => { visited++; assert(value === key && set === adapter.features, "forEach args"); });
    equal(visited, adapter.features.size, "forEach visits each feature");
    assert(adapter.limits instanceof GPUSupportedLimits, "limits");
    assert(adapter.limits.maxBindGroups >= 4, "maxBindGroups >= 4");
    assert(adapter.limits.maxComputeWorkgroupSizeX >= 256, "maxComputeWorkgroupSizeX");
    assert(adapter.info instanceof GPUAdapterInfo, "info");
    equal(typeof adapter.info.vendor, "string", "info.vendor");
    equal(typeof adapter.info.description, "string", "info.description");
    equal(typeof adapter.isFallbackAdapter, "boolean", "isFallbackAdapter");
    const info = await adapter.requestAdapterInfo(["device"]);
    assert(info instanceof GPUAdapterInfo, "requestAdapterInfo resolves a GPUAdapterInfo");
    equal(info.device, adapter.info.device, "same device name");
    const wgsl = gpu.wgslLanguageFeatures;
    assert(wgsl instanceof WGSLLanguageFeatures && wgsl === gpu.wgslLanguageFeatures, "wgslLanguageFeatures");
    assert(wgsl.has("pointer_composite_access"), "naga supports pointer_composite_access");
    await rejects(gpu.requestAdapter({ powerPreference: "fastest" }), TypeError, "bad powerPreference enum");
    await rejects(gpu.requestAdapter(5), TypeError, "options must be a dictionary");
    equal(await gpu.requestAdapter({ featureLevel: "ultra" }), null, "unknown featureLevel gives null");
    assert(await gpu.requestAdapter({ forceFallbackAdapter: true }) !== undefined, "forceFallbackAdapter accepted");
    throws(() => gpu.getPreferredCanvasFormat(), TypeError, "no canvases in Workers");
  },

  async requestDevice() {
    const adapter = await navigator.gpu.requestAdapter();
    await rejects(adapter.requestDevice({ requiredFeatures: ["warp-drive"] }), TypeError, "unknown feature name");
    await rejects(adapter.requestDevice({ requiredLimits: { maxBindGroups: 1e6 } }), "OperationError", "limit above the adapter's");
    const device = await adapter.requestDevice({ label: "main", requiredLimits: { maxBindGroups: 4 }, defaultQueue: { label: "q" } });
    assert(device instanceof GPUDevice && device instanceof EventTarget, "GPUDevice");
    equal(device.label, "main", "device label");
    device.label = "renamed";
    equal(device.label, "renamed", "label is writable");
    assert(device.queue instanceof GPUQueue && device.queue === device.queue, "queue [SameObject]");
    assert(device.features instanceof GPUSupportedFeatures && device.features === device.features, "features");
    assert(device.limits instanceof GPUSupportedLimits && device.limits.maxBindGroups >= 4, "limits");
    assert(device.adapterInfo instanceof GPUAdapterInfo, "adapterInfo");
    assert(device.lost instanceof Promise && device.lost === device.lost, "lost promise");
    await rejects(adapter.requestDevice(), "OperationError", "an adapter gives one device");
    const second = await (await navigator.gpu.requestAdapter()).requestDevice();
    assert(second !== device, "a new adapter gives a new device");
    second.destroy();
    device.destroy();
  },

  async helloWorld() {
    const device = await openDevice();
    const storage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const pipeline = device.createComputePipeline({
      layout: "auto", compute: { module: device.createShaderModule({ code: hello }), entryPoint: "main" },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }],
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(4);
    pass.end();
    device.queue.submit([encoder.finish()]);
    deepEqual(floats(await readBack(device, storage)), [0, 1, 2, 3], "hello world result");
    await device.queue.onSubmittedWorkDone();
  },

  async shaderF16() {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter.features.has("shader-f16")) {
      await rejects(adapter.requestDevice({ requiredFeatures: ["shader-f16"] }), TypeError, "a feature the adapter lacks");
      return;
    }
    // Without the feature an `enable f16` shader is an error; with it, f16 arithmetic rounds to float16.
    const plain = await (await navigator.gpu.requestAdapter()).requestDevice();
    const refused = plain.createShaderModule({ code: "enable f16;" });
    assert((await refused.getCompilationInfo()).messages.some((m) => m.type === "error"), "enable f16 without the feature");
    plain.destroy();
    const device = await adapter.requestDevice({ requiredFeatures: ["shader-f16"] });
    assert(device.features.has("shader-f16"), "device.features lists shader-f16");
    const code = `
      enable f16;
      @group(0) @binding(0) var<storage, read_write> values : array<f32>;
      @compute @workgroup_size(4)
      fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
        let h = f16(values[gid.x]) + 0.0001h;
        values[gid.x] = f32(h * 2.0h);
      }`;
    const storage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    new Float32Array(storage.getMappedRange()).set([1, 0.1, 2049, 65504]);
    storage.unmap();
    dispatchOnBuffer(device, code, storage);
    // 1 + 0.0001 rounds back to 1 in float16; 0.1 + 0.0001 to 0.10009765625; 2049 to 2048; 65504 · 2 overflows.
    deepEqual(floats(await readBack(device, storage)), [2, 0.2001953125, 4096, Infinity], "f16 results");

    // f16 in storage, written and read back as a Float16Array.
    const halves = device.createBuffer({ size: 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(halves, 0, new Float16Array([0.5, -1.5, 1000, 3]));
    dispatchOnBuffer(device, `
      enable f16;
      @group(0) @binding(0) var<storage, read_write> values : array<f16>;
      @compute @workgroup_size(4)
      fn main(@builtin(global_invocation_id) gid : vec3<u32>) { values[gid.x] = values[gid.x] * 2.0h + 0.25h; }`, halves);
    // 2000.25 is no float16: it rounds to 2000.
    deepEqual(Array.from(new Float16Array((await readBack(device, halves)).buffer)), [1.25, -2.75, 2000, 6.25], "f16 storage");
    device.destroy();
  },

  async labels() {
    const device = await openDevice();
    const buffer = device.createBuffer({ label: "b", size: 4, usage: GPUBufferUsage.COPY_DST });
    equal(buffer.label, "b", "buffer label");
    buffer.label = "c";
    equal(buffer.label, "c", "label writable");
    const encoder = device.createCommandEncoder({ label: "enc" });
    equal(encoder.label, "enc", "encoder label");
    equal(encoder.finish({ label: "cb" }).label, "cb", "command buffer label");
    equal(device.createShaderModule({ code: hello, label: "m" }).label, "m", "module label");
    equal(device.createSampler({ label: "s" }).label, "s", "sampler label");
    equal(device.queue.label, "", "queue label defaults to empty");
  },
};
