import WebGPU

/// A fresh device on the machine's default adapter (lavapipe here). Each test gets its own device
/// because error scopes are per device and swift-testing runs tests in parallel.
func makeDevice(_ descriptor: DeviceDescriptor = DeviceDescriptor()) async throws -> Device {
    let instance = try Instance()
    guard let adapter = try await instance.requestAdapter() else {
        throw WebGPUError.requestFailed("no WebGPU adapter on this machine")
    }
    return try await adapter.requestDevice(descriptor)
}

/// Copies `buffer` into a MAP_READ buffer, waits for the GPU, and returns its contents.
func readBack<Element: BitwiseCopyable>(_ buffer: Buffer, as type: Element.Type, device: Device) async throws -> [Element] {
    let staging = try device.createBuffer(BufferDescriptor(size: buffer.size, usage: [.mapRead, .copyDst]))
    let encoder = device.createCommandEncoder()
    encoder.copyBufferToBuffer(buffer, to: staging, size: buffer.size)
    device.queue.submit([try encoder.finish()])
    try await staging.mapAsync(.read)
    defer { staging.unmap() }
    return try staging.readMapped(as: type)
}

/// Work that keeps the GPU busy: each submit runs `workgroups` × 64 invocations that spin through
/// 60 000 dependent steps and write into `buffer` (STORAGE). The pipeline is built up front because
/// llvmpipe compiles when a pipeline is created, and a loop is capped at 65 535 iterations there, so the
/// work is spread over invocations. The start value comes from memory so no compiler folds the loop.
struct SlowWork {
    let device: Device
    let pipeline: ComputePipeline
    let bindGroup: BindGroup

    init(device: Device, writing buffer: Buffer) {
        self.device = device
        pipeline = device.createComputePipeline(ComputePipelineDescriptor(module: device.createShaderModule(code: """
            @group(0) @binding(0) var<storage, read_write> out: array<u32>;
            @compute @workgroup_size(64)
            fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
                var x = out[1] + gid.x;
                for (var i = 0u; i < 60000u; i++) { x = (x ^ i) * 1664525u + 1013904223u; }
                out[0] = x;
            }
            """)))
        bindGroup = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: buffer)])
    }

    /// Submits one dispatch of `workgroups` workgroups.
    func submit(workgroups: UInt32) throws {
        let encoder = device.createCommandEncoder()
        let pass = encoder.beginComputePass()
        pass.setPipeline(pipeline)
        pass.setBindGroup(0, bindGroup)
        pass.dispatchWorkgroups(workgroups)
        pass.end()
        device.queue.submit([try encoder.finish()])
    }
}
