// The WebGPU "hello world" of Cloudflare's WebGPU-in-Workers post, run as a Durable Object:
// a compute shader writes each invocation's index into a storage buffer, which is copied to a
// mappable buffer and read back. `navigator.gpu` exists only inside Durable Objects.
import { DurableObject } from "cloudflare:workers";

const computeShaderCode = `
  @group(0) @binding(0)
  var<storage, read_write> result : array<f32>;

  @compute @workgroup_size(1)
  fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
    result[gid.x] = f32(gid.x);
  }
`;

export class HelloGPU extends DurableObject {
  async fetch() {
    const adapter = await navigator.gpu.requestAdapter();
    const adapterInfo = await adapter.requestAdapterInfo(["device"]);
    console.log(`GPU: ${adapterInfo.device || adapterInfo.description}`);
    const device = await adapter.requestDevice();
    const encoder = device.createCommandEncoder();

    const storageBuffer = device.createBuffer({
      size: 4 * Float32Array.BYTES_PER_ELEMENT, // 4 float32 values
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const mappedBuffer = device.createBuffer({
      size: 4 * Float32Array.BYTES_PER_ELEMENT,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });

    const computePipeline = device.createComputePipeline({
      layout: "auto",
      compute: { module: device.createShaderModule({ code: computeShaderCode }), entryPoint: "main" },
    });
    const bindGroup = device.createBindGroup({
      layout: computePipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: storageBuffer } }],
    });

    const computePass = encoder.beginComputePass();
    computePass.setPipeline(computePipeline);
    computePass.setBindGroup(0, bindGroup);
    computePass.dispatchWorkgroups(4);
    computePass.end();
    encoder.copyBufferToBuffer(storageBuffer, 0, mappedBuffer, 0, 4 * Float32Array.BYTES_PER_ELEMENT);

    device.queue.submit([encoder.finish()]);
    await mappedBuffer.mapAsync(GPUMapMode.READ);
    const result = new Float32Array(mappedBuffer.getMappedRange());
    console.log(result); // Float32Array(4) [ 0, 1, 2, 3 ]
    const text = `Float32Array(${result.length}) [ ${Array.from(result).join(", ")} ]`;
    mappedBuffer.unmap();
    device.destroy();
    return new Response(text + "\n");
  }
}

export default {
  async fetch(request, env) {
    // One GPU object for the whole app: every request is served by the same Durable Object.
    return env.GPU_OBJECT.get(env.GPU_OBJECT.idFromName("gpu")).fetch(request);
  },
};
