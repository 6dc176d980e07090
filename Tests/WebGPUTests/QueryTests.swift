import Testing
import WebGPU

@Test func timestampQueriesMeasureAComputePass() async throws {
    let instance = try Instance()
    let adapter = try #require(try await instance.requestAdapter())
    guard adapter.features.contains(.timestampQuery) else {
        try Test.cancel("the adapter has no timestamp-query feature")
    }
    let device = try await adapter.requestDevice(DeviceDescriptor(requiredFeatures: [.timestampQuery]))
    let querySet = device.createQuerySet(type: .timestamp, count: 2)
    #expect(querySet.count == 2 && querySet.type == .timestamp)
    let work = try device.createBuffer(BufferDescriptor(size: 16, usage: .storage))
    let resolved = try device.createBuffer(BufferDescriptor(size: 16, usage: [.queryResolve, .copySrc]))

    device.pushErrorScope(.validation)
    let module = device.createShaderModule(code: """
        @group(0) @binding(0) var<storage, read_write> out: array<u32>;
        @compute @workgroup_size(1)
        fn main() { var x = 1u; for (var i = 0u; i < 100000u; i++) { x = x * 3u + 1u; } out[0] = x; }
        """)
    let pipeline = device.createComputePipeline(ComputePipelineDescriptor(module: module))
    let bindGroup = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: work)])
    let encoder = device.createCommandEncoder()
    let pass = encoder.beginComputePass(timestampWrites: ComputePassTimestampWrites(
        querySet: querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1))
    pass.setPipeline(pipeline)
    pass.setBindGroup(0, bindGroup)
    pass.dispatchWorkgroups(1)
    pass.end()
    encoder.resolveQuerySet(querySet, queryCount: 2, destination: resolved)
    device.queue.submit([try encoder.finish()])
    #expect(try device.popErrorScope() == nil)

    let ticks = try await readBack(resolved, as: UInt64.self, device: device)
    #expect(ticks[1] > ticks[0])
    #expect(device.queue.timestampPeriod > 0)
    querySet.destroy()
    querySet.destroy()
}

@Test func occlusionQuerySetsCanBeCreated() async throws {
    let device = try await makeDevice()
    device.pushErrorScope(.validation)
    let querySet = device.createQuerySet(type: .occlusion, count: 4, label: "occlusion")
    #expect(try device.popErrorScope() == nil)
    #expect(querySet.type == .occlusion)
}
