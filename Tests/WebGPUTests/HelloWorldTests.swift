import Testing
import WebGPU

/// The compute example from the Cloudflare blog post Kiln recreates: 4 workgroups write [0, 1, 2, 3].
@Test func seedHelloWorldWritesInvocationIndices() async throws {
    let device = try await makeDevice()
    let storage = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
    let mapped = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
    let module = device.createShaderModule(code: """
        @group(0) @binding(0) var<storage, read_write> result: array<f32>;

        @compute @workgroup_size(1)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
            result[gid.x] = f32(gid.x);
        }
        """)
    #expect(!module.compilationInfo.hasErrors)
    let pipeline = device.createComputePipeline(ComputePipelineDescriptor(module: module, entryPoint: "main"))
    let bindGroup = device.createBindGroup(
        layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: storage)])
    let encoder = device.createCommandEncoder()
    let pass = encoder.beginComputePass()
    pass.setPipeline(pipeline)
    pass.setBindGroup(0, bindGroup)
    pass.dispatchWorkgroups(4)
    pass.end()
    encoder.copyBufferToBuffer(storage, to: mapped, size: 16)
    device.queue.submit([try encoder.finish()])

    #expect(mapped.mapState == .unmapped)
    try await mapped.mapAsync(.read)
    #expect(mapped.mapState == .mapped)
    #expect(try mapped.readMapped(as: Float.self) == [0, 1, 2, 3])
    mapped.unmap()
    #expect(mapped.mapState == .unmapped)
}
