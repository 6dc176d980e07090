// GPUBuffer mapping and GPUQueue.writeBuffer: detach semantics, overlap checks, map states, source forms.
import { assert, equal, deepEqual, throws, rejects, device as openDevice, readBack, floats } from "./assert.js";

export const mappingTests = {
  async mappedAtCreationWritesBack() {
    const device = await openDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    equal(buffer.mapState, "mapped", "mappedAtCreation starts mapped");
    const range = buffer.getMappedRange();
    assert(range instanceof ArrayBuffer && range.byteLength === 16, "getMappedRange gives an ArrayBuffer");
    new Float32Array(range).set([1.5, 2.5, 3.5, 4.5]);
    buffer.unmap();
    equal(range.byteLength, 0, "unmap detaches the range");
    equal(range.detached, true, "range.detached");
    equal(buffer.mapState, "unmapped", "unmapped after unmap");
    deepEqual(floats(await readBack(device, buffer)), [1.5, 2.5, 3.5, 4.5], "written values reach the GPU");
  },

  async mapReadStates() {
    const device = await openDevice();
    const buffer = device.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]));
    device.queue.submit([]);  // wgpu applies queued writes at the next submit
    equal(buffer.mapState, "unmapped", "unmapped");
    const mapping = buffer.mapAsync(GPUMapMode.READ, 8, 16);
    equal(buffer.mapState, "pending", "pending while mapping");
    await rejects(buffer.mapAsync(GPUMapMode.READ), "OperationError", "a second mapAsync while pending");
    await mapping;
    equal(buffer.mapState, "mapped", "mapped");
    throws(() => buffer.getMappedRange(0, 8), "OperationError", "range before the mapped range");
    const first = buffer.getMappedRange(8, 8);
    deepEqual(Array.from(new Uint32Array(first)), [3, 4], "first half");
    throws(() => buffer.getMappedRange(8, 8), "OperationError", "the same range twice overlaps");
    throws(() => buffer.getMappedRange(12, 8), "OperationError", "alignment / overlap");
    const second = buffer.getMappedRange(16, 8);
    deepEqual(Array.from(new Uint32Array(second)), [5, 6], "second half");
    throws(() => buffer.getMappedRange(16, 16), "OperationError", "past the mapped range");
    buffer.unmap();
    assert(first.detached && second.detached, "every range detaches on unmap");
    throws(() => buffer.getMappedRange(), "OperationError", "getMappedRange when unmapped");
    buffer.unmap();
    equal(buffer.mapState, "unmapped", "a second unmap is a no-op");
  },

  async mapWriteRoundTrip() {
    const device = await openDevice();
    const upload = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC });
    await upload.mapAsync(GPUMapMode.WRITE);
    new Uint32Array(upload.getMappedRange()).set([0xdead, 0xbeef]);
    upload.unmap();
    const bytes = await readBack(device, upload);
    deepEqual(Array.from(new Uint32Array(bytes.buffer)), [0xdead, 0xbeef], "MAP_WRITE data reaches the GPU");
  },

  async unmapAbortsPendingMap() {
    const device = await openDevice();
    const buffer = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ });
    const mapping = buffer.mapAsync(GPUMapMode.READ);
    buffer.unmap();
    await rejects(mapping, "AbortError", "unmap before the map finishes");
    equal(buffer.mapState, "unmapped", "unmapped again");
  },

  async destroyDetaches() {
    const device = await openDevice();
    const buffer = device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_WRITE, mappedAtCreation: true });
    const range = buffer.getMappedRange();
    buffer.destroy();
    equal(range.byteLength, 0, "destroy detaches mapped ranges");
    equal(buffer.mapState, "unmapped", "destroyed buffer is unmapped");
    buffer.destroy();
    await rejects(buffer.mapAsync(GPUMapMode.WRITE), "OperationError", "mapAsync on a destroyed buffer");
  },

  async mapValidation() {
    const device = await openDevice();
    const storage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
    device.pushErrorScope("validation");
    await rejects(storage.mapAsync(GPUMapMode.READ), "OperationError", "mapAsync without MAP_READ");
    const error = await device.popErrorScope();
    assert(error instanceof GPUValidationError, "mapAsync without MAP_READ is a validation error too");
    const readable = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
    await rejects(readable.mapAsync(GPUMapMode.READ, 4), "OperationError", "offset not a multiple of 8");
    await rejects(readable.mapAsync(GPUMapMode.READ, 0, 64), "OperationError", "size past the buffer");
    await rejects(readable.mapAsync(-1), TypeError, "mode is [EnforceRange] (a promise-returning operation rejects)");
    await rejects(readable.mapAsync(), TypeError, "mode is required");
    throws(() => device.createBuffer({ size: 6, usage: GPUBufferUsage.COPY_DST, mappedAtCreation: true }), RangeError,
      "mappedAtCreation needs a multiple of 4");
  },

  async writeBufferSources() {
    const device = await openDevice();
    const usage = GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buffer = device.createBuffer({ size: 32, usage });
    const queue = device.queue;
    queue.writeBuffer(buffer, 0, new Float32Array([1, 2, 3, 4, 5, 6]), 2, 2);          // elements 2..<4 → 3, 4
    queue.writeBuffer(buffer, 8, new Uint8Array([0, 0, 0xa0, 0x40]).buffer);          // ArrayBuffer: bytes → 5.0
    queue.writeBuffer(buffer, 12, new DataView(new Float32Array([9, 6]).buffer, 4, 4)); // DataView → 6
    queue.writeBuffer(buffer, 16, new Uint16Array([0, 0x40e0, 0, 0x4100]));           // Uint16Array → 7, 8
    queue.writeBuffer(buffer, 24, new Float64Array([1]).subarray(0, 1), 0, 1);          // 8 bytes of 1.0 (f64)
    const bytes = await readBack(device, buffer);
    deepEqual(floats(bytes).slice(0, 6), [3, 4, 5, 6, 7, 8], "all source forms with element offsets");
    equal(new Float64Array(bytes.buffer, 24, 1)[0], 1, "Float64Array element size 8");
    // Float16Array, which JavaScriptCore's C API has no typed-array constant for: element size 2.
    queue.writeBuffer(buffer, 0, new Float16Array([9, 1.5, -2, 0.25, 7]), 1, 4);
    deepEqual(Array.from(new Float16Array((await readBack(device, buffer, 8)).buffer)), [1.5, -2, 0.25, 7], "Float16Array elements 1..<5");
    throws(() => queue.writeBuffer(buffer, 0, new Uint8Array(6)), "OperationError", "size not a multiple of 4");
    throws(() => queue.writeBuffer(buffer, 0, new Uint32Array(2), 3), "OperationError", "dataOffset past the end");
    throws(() => queue.writeBuffer(buffer, 0, new Uint32Array(2), 1, 2), "OperationError", "dataOffset + size past the end");
    throws(() => queue.writeBuffer(buffer, 0, [1, 2, 3, 4]), TypeError, "a plain array is not a BufferSource");
    throws(() => queue.writeBuffer(buffer, -4, new Uint32Array(1)), TypeError, "bufferOffset is [EnforceRange]");
    device.pushErrorScope("validation");
    queue.writeBuffer(buffer, 30, new Uint32Array(1));
    assert(await device.popErrorScope() instanceof GPUValidationError, "writing past the buffer is a validation error");
  },
};
