// Matrix multiplication on the GPU in a Durable Object.
//   curl -X POST localhost:8787 -d '{"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}'
//   → {"rows":2,"columns":2,"result":[[19,22],[43,50]]}
// The device and pipeline are created once per object and reused by every request.
import { DurableObject } from "cloudflare:workers";

const shader = `
  struct Dimensions { m : u32, k : u32, n : u32 }
  @group(0) @binding(0) var<uniform> dims : Dimensions;
  @group(0) @binding(1) var<storage, read> a : array<f32>;
  @group(0) @binding(2) var<storage, read> b : array<f32>;
  @group(0) @binding(3) var<storage, read_write> c : array<f32>;

  @compute @workgroup_size(8, 8)
  fn main(@builtin(global_invocation_id) id : vec3<u32>) {
    let row = id.y;
    let column = id.x;
    if (row >= dims.m || column >= dims.n) { return; }
    var sum = 0.0;
    for (var i = 0u; i < dims.k; i = i + 1u) {
      sum = sum + a[row * dims.k + i] * b[i * dims.n + column];
    }
    c[row * dims.n + column] = sum;
  }
`;

class BadRequest extends Error {}

/// A rectangular matrix of finite numbers, as rows.
function readMatrix(value, name) {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0]) || value[0].length === 0) {
    throw new BadRequest(`"${name}" must be a non-empty array of non-empty rows`);
  }
  const columns = value[0].length;
  value.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== columns) throw new BadRequest(`"${name}" row ${r} must have ${columns} numbers`);
    row.forEach((x, c) => {
      if (typeof x !== "number" || !Number.isFinite(x)) throw new BadRequest(`"${name}"[${r}][${c}] is not a finite number`);
    });
  });
  return { rows: value.length, columns, data: new Float32Array(value.flat()) };
}

export class MatMul extends DurableObject {
  async gpu() {
    if (!this.state) {
      const adapter = await navigator.gpu.requestAdapter();
      const device = await adapter.requestDevice();
      const pipeline = await device.createComputePipelineAsync({
        layout: "auto",
        compute: { module: device.createShaderModule({ code: shader }), entryPoint: "main" },
      });
      this.state = { device, pipeline };
    }
    return this.state;
  }

  async fetch(request) {
    if (request.method !== "POST") return new Response("POST {\"a\": [[...]], \"b\": [[...]]}\n", { status: 405 });
    let a, b;
    try {
      const body = await request.json();
      a = readMatrix(body?.a, "a");
      b = readMatrix(body?.b, "b");
      if (a.columns !== b.rows) throw new BadRequest(`a is ${a.rows}x${a.columns} but b is ${b.rows}x${b.columns}`);
    } catch (error) {
      return new Response(`bad request: ${error.message}\n`, { status: 400 });
    }
    const { device, pipeline } = await this.gpu();
    const storage = (data) => {
      const buffer = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, data);
      return buffer;
    };
    const dims = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(dims, 0, new Uint32Array([a.rows, a.columns, b.columns, 0]));
    const resultSize = a.rows * b.columns * 4;
    const result = device.createBuffer({ size: resultSize, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readback = device.createBuffer({ size: resultSize, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const inputs = [storage(a.data), storage(b.data)];
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [dims, inputs[0], inputs[1], result].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });

    device.pushErrorScope("validation");
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(b.columns / 8), Math.ceil(a.rows / 8));
    pass.end();
    encoder.copyBufferToBuffer(result, 0, readback, 0, resultSize);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) return new Response(`GPU error: ${error.message}\n`, { status: 500 });

    await readback.mapAsync(GPUMapMode.READ);
    const values = Array.from(new Float32Array(readback.getMappedRange()));
    readback.unmap();
    for (const buffer of [dims, result, readback, ...inputs]) buffer.destroy();
    const rows = [];
    for (let r = 0; r < a.rows; r++) rows.push(values.slice(r * b.columns, (r + 1) * b.columns));
    return Response.json({ rows: a.rows, columns: b.columns, result: rows });
  }
}

export default {
  async fetch(request, env) {
    return env.MATMUL.get(env.MATMUL.idFromName("matmul")).fetch(request);
  },
};
