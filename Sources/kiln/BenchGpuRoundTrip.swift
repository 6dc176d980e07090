import WebGPU

/// Round trip of the smallest useful GPU job: a 1-workgroup dispatch writing 16 bytes, copied to a
/// MAP_READ buffer, submitted, mapped, read and unmapped. The same loop as Benchmarks/gpu/wgpu_py_roundtrip.py.
struct BenchGpuRoundTrip {
    static let shader = """
        @group(0) @binding(0) var<storage, read_write> out: array<u32, 4>;

        @compute @workgroup_size(4)
        fn main(@builtin(local_invocation_index) i: u32) {
            out[i] = i * 2u + 1u;
        }
        """

    let device: Device

    /// Returns per-iteration latencies in microseconds.
    func run(iterations: Int, warmup: Int) async throws -> BenchStatistics {
        let pipeline = device.createComputePipeline(
            ComputePipelineDescriptor(module: device.createShaderModule(code: Self.shader)))
        let storage = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
        let readback = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        let bindGroup = device.createBindGroup(
            layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: storage, size: 16)])

        func roundTrip() async throws -> [UInt32] {
            let encoder = device.createCommandEncoder()
            let pass = encoder.beginComputePass()
            pass.setPipeline(pipeline)
            pass.setBindGroup(0, bindGroup)
            pass.dispatchWorkgroups(1)
            pass.end()
            encoder.copyBufferToBuffer(storage, to: readback, size: 16)
            device.queue.submit([try encoder.finish()])
            try await readback.mapAsync(.read)
            let values = try readback.readMapped(as: UInt32.self)
            readback.unmap()
            return values
        }

        for _ in 0..<warmup { _ = try await roundTrip() }
        let check = try await roundTrip()
        guard check == [1, 3, 5, 7] else { throw BenchError("round trip: wrong result from the GPU: \(check)") }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = benchNow()
            _ = try await roundTrip()
            samples.append((benchNow() - start) * 1e6)
        }
        return BenchStatistics(microseconds: samples)
    }
}
