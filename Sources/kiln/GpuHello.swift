import ArgumentParser
import Foundation
import WebGPU

/// `kiln gpu hello`: the Cloudflare blog's compute example, 4 workgroups writing [0, 1, 2, 3].
struct GpuHello: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hello", abstract: "Run the seed's hello-world compute shader and print its output.")

    static let shader = """
        @group(0) @binding(0) var<storage, read_write> result: array<f32>;

        @compute @workgroup_size(1)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
            result[gid.x] = f32(gid.x);
        }
        """

    func run() async throws {
        let instance = try Instance()
        guard let adapter = try await instance.requestAdapter() else {
            throw ValidationError("No WebGPU adapter found")
        }
        let device = try await adapter.requestDevice()
        let storage = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
        let mapped = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        let pipeline = device.createComputePipeline(
            ComputePipelineDescriptor(module: device.createShaderModule(code: Self.shader), entryPoint: "main"))
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
        try await mapped.mapAsync(.read)
        let values = try mapped.readMapped(as: Float.self)
        mapped.unmap()
        print("[\(values.map { String(format: "%g", $0) }.joined(separator: ", "))]  (\(adapter.info.device))")
    }
}
