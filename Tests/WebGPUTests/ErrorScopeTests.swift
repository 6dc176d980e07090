import Testing
import WebGPU

@Test func errorScopeCatchesOversizedBuffer() async throws {
    let device = try await makeDevice()
    device.pushErrorScope(.outOfMemory)
    device.pushErrorScope(.validation)
    _ = try device.createBuffer(BufferDescriptor(size: device.limits.maxBufferSize + 4, usage: .storage))
    let error = try device.popErrorScope()
    #expect(error?.kind == .validation)
    #expect(error?.message.isEmpty == false)
    #expect(try device.popErrorScope() == nil)  // the outer scope saw nothing
    #expect(throws: WebGPUError.self) { try device.popErrorScope() }  // stack is empty
}

@Test func errorScopeCatchesBadBinding() async throws {
    let device = try await makeDevice()
    let module = device.createShaderModule(code: """
        @group(0) @binding(0) var<storage, read_write> data: array<u32, 16>;
        @compute @workgroup_size(1) fn main() { data[0] = 1u; }
        """)
    let pipeline = device.createComputePipeline(ComputePipelineDescriptor(module: module))
    let small = try device.createBuffer(BufferDescriptor(size: 16, usage: .storage))
    let uniform = try device.createBuffer(BufferDescriptor(size: 64, usage: .uniform))

    device.pushErrorScope(.validation)
    _ = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 3, buffer: small)])
    let wrongSlot = try device.popErrorScope()
    #expect(wrongSlot?.kind == .validation)

    device.pushErrorScope(.validation)
    _ = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: uniform)])
    #expect(try device.popErrorScope()?.kind == .validation)  // a UNIFORM buffer in a storage slot

    // Scopes only catch their own kind; the validation error falls through to the handler.
    let received = AsyncStream<GPUError>.makeStream()
    device.setUncapturedErrorHandler { received.continuation.yield($0) }
    device.pushErrorScope(.outOfMemory)
    _ = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [])
    #expect(try device.popErrorScope() == nil)
    var iterator = received.stream.makeAsyncIterator()
    #expect(await iterator.next()?.kind == .validation)
}

@Test func encoderMisuseBecomesValidationErrors() async throws {
    let device = try await makeDevice()
    let encoder = device.createCommandEncoder()
    let pass = encoder.beginComputePass()
    pass.end()
    device.pushErrorScope(.validation)
    pass.dispatchWorkgroups(1)  // after end()
    #expect(try device.popErrorScope() != nil)

    let commands = try encoder.finish()
    device.pushErrorScope(.validation)
    #expect(throws: WebGPUError.self) { try encoder.finish() }
    encoder.clearBuffer(try device.createBuffer(BufferDescriptor(size: 4, usage: .copyDst)))
    #expect(try device.popErrorScope() != nil)

    device.queue.submit([commands])
    device.pushErrorScope(.validation)
    device.queue.submit([commands])  // the second submit of the same command buffer
    #expect(try device.popErrorScope() != nil)
    try await device.queue.onSubmittedWorkDone()
}

@Test func leftOpenPassFailsAtFinishOrSubmit() async throws {
    let device = try await makeDevice()
    device.pushErrorScope(.validation)
    let encoder = device.createCommandEncoder()
    _ = encoder.beginComputePass()  // never ended
    if let commands = try? encoder.finish() { device.queue.submit([commands]) }
    #expect(try device.popErrorScope()?.kind == .validation)
}
