import Foundation
import WebGPU

/// The benchmark loop in Swift, over the WebGPU module directly: the baseline navigator.gpu is compared with.
enum BenchWebGPUSwiftLoop {
    static let shader = """
        @group(0) @binding(0) var<storage, read_write> result : array<f32>;
        @compute @workgroup_size(1)
        fn main(@builtin(global_invocation_id) gid : vec3<u32>) { result[gid.x] = f32(gid.x); }
        """

    static func run(iterations: Int, warmup: BenchWebGPUWarmup, dispatches: Int) async throws -> BenchWebGPUResult {
        let instance = try Instance()
        guard let adapter = try await instance.requestAdapter() else { throw BenchWebGPUError("no GPU adapter") }
        let device = try await adapter.requestDevice()
        defer { device.destroy() }
        let storage = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
        let readback = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        let pipeline = device.createComputePipeline(ComputePipelineDescriptor(
            module: device.createShaderModule(code: shader), entryPoint: "main"))
        let group = device.createBindGroup(layout: pipeline.getBindGroupLayout(0),
                                           entries: [BindGroupEntry(binding: 0, buffer: storage)])

        func encode(readBack: Bool) throws -> CommandBuffer {
            let encoder = device.createCommandEncoder()
            let pass = encoder.beginComputePass()
            pass.setPipeline(pipeline)
            pass.setBindGroup(0, group)
            pass.dispatchWorkgroups(1)
            pass.end()
            if readBack { encoder.copyBufferToBuffer(storage, to: readback, size: 16) }
            return try encoder.finish()
        }

        let clock = ContinuousClock()
        func roundTrip() async throws -> Duration {
            let start = clock.now
            device.queue.submit([try encode(readBack: true)])
            try await readback.mapAsync(.read)
            let values = try readback.readMapped(as: Float.self, count: 4)
            readback.unmap()
            let elapsed = clock.now - start
            guard values[0] == 0 else { throw BenchWebGPUError("wrong result \(values)") }
            return elapsed
        }

        let warmupStart = clock.now
        var warmed = 0
        while warmed < warmup.iterations || clock.now - warmupStart < warmup.duration {
            _ = try await roundTrip()
            warmed += 1
        }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations { samples.append(try await roundTrip().seconds) }

        let dispatchWarmupStart = clock.now
        while clock.now - dispatchWarmupStart < warmup.duration / 2 { device.queue.submit([try encode(readBack: false)]) }
        try await device.queue.onSubmittedWorkDone()
        let start = clock.now
        for _ in 0..<dispatches { device.queue.submit([try encode(readBack: false)]) }
        try await device.queue.onSubmittedWorkDone()
        let throughput = Double(dispatches) / (clock.now - start).seconds

        return BenchWebGPUResult(adapter: "\(adapter.info.device) (\(adapter.info.backendType))",
                                 roundTrip: BenchWebGPUResult.percentiles(samples), dispatchesPerSecond: throughput)
    }
}

struct BenchWebGPUError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
