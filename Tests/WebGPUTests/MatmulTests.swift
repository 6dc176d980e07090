import Testing
import WebGPU

/// A (M×K) × B (K×N) with a workgroup-tiled kernel whose sizes come from pipeline-overridable constants,
/// checked against the CPU product. Sizes are deliberately not multiples of the tile.
@Test func tiledMatmulMatchesCPU() async throws {
    let device = try await makeDevice()
    let (m, k, n) = (37, 53, 29)
    let a = (0..<(m * k)).map { Float(($0 * 7) % 11) - 5 }
    let b = (0..<(k * n)).map { Float(($0 * 5) % 13) - 6 }
    let module = device.createShaderModule(code: """
        override M: u32;
        override K: u32;
        override N: u32;
        @group(0) @binding(0) var<storage, read> a: array<f32>;
        @group(0) @binding(1) var<storage, read> b: array<f32>;
        @group(0) @binding(2) var<storage, read_write> c: array<f32>;
        var<workgroup> tileA: array<array<f32, 8>, 8>;
        var<workgroup> tileB: array<array<f32, 8>, 8>;

        @compute @workgroup_size(8, 8)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
            let row = gid.y;
            let col = gid.x;
            var sum = 0.0;
            for (var t = 0u; t < (K + 7u) / 8u; t++) {
                let ak = t * 8u + lid.x;
                let bk = t * 8u + lid.y;
                tileA[lid.y][lid.x] = select(0.0, a[row * K + ak], row < M && ak < K);
                tileB[lid.y][lid.x] = select(0.0, b[bk * N + col], bk < K && col < N);
                workgroupBarrier();
                for (var i = 0u; i < 8u; i++) { sum += tileA[lid.y][i] * tileB[i][lid.x]; }
                workgroupBarrier();
            }
            if (row < M && col < N) { c[row * N + col] = sum; }
        }
        """)
    let pipeline = device.createComputePipeline(ComputePipelineDescriptor(
        module: module, constants: ["M": Double(m), "K": Double(k), "N": Double(n)]))
    let aBuffer = try device.createBuffer(BufferDescriptor(size: UInt64(a.count * 4), usage: [.storage, .copyDst]))
    let bBuffer = try device.createBuffer(BufferDescriptor(size: UInt64(b.count * 4), usage: [.storage, .copyDst]))
    let cBuffer = try device.createBuffer(BufferDescriptor(size: UInt64(m * n * 4), usage: [.storage, .copySrc]))
    device.queue.writeBuffer(aBuffer, a)
    device.queue.writeBuffer(bBuffer, b)
    let bindGroup = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [
        BindGroupEntry(binding: 0, buffer: aBuffer),
        BindGroupEntry(binding: 1, buffer: bBuffer),
        BindGroupEntry(binding: 2, buffer: cBuffer),
    ])
    let encoder = device.createCommandEncoder()
    let pass = encoder.beginComputePass()
    pass.setPipeline(pipeline)
    pass.setBindGroup(0, bindGroup)
    pass.dispatchWorkgroups(UInt32((n + 7) / 8), UInt32((m + 7) / 8))
    pass.end()
    device.queue.submit([try encoder.finish()])

    let gpu = try await readBack(cBuffer, as: Float.self, device: device)
    var cpu = [Float](repeating: 0, count: m * n)
    for row in 0..<m {
        for col in 0..<n {
            cpu[row * n + col] = (0..<k).reduce(0) { $0 + a[row * k + $1] * b[$1 * n + col] }
        }
    }
    #expect(gpu == cpu)  // small integers: exact in fp32
}
