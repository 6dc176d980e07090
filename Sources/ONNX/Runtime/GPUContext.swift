import Foundation
import WebGPU

/// The device a session runs on, plus the compiled-pipeline cache every session on it shares
/// (pipelines are keyed by their WGSL source, which already encodes op and shapes).
public final class GPUContext: @unchecked Sendable {
    public let device: Device
    /// Lanes per subgroup as this device runs `@workgroup_size(64)`, where measured (`makeDefault`
    /// measures it when the device has subgroups): adapters do not report it reliably (wgpu gives
    /// lavapipe's as 4–128, while it runs 8 lanes with 256-bit vectors and 4 with 128-bit ones), and kernels
    /// that share loaded values between lanes must know which lanes exist.
    public let subgroupSize: Int?
    private var pipelines: [String: ComputePipeline] = [:]
    private let lock = NSLock()
    /// Where sessions prepare programs (`prepare`) and submit (`submit`): threads outside Swift concurrency's pool.
    private let compileQueue = DedicatedQueue(label: "kiln.onnx.compile-pipelines")
    private let submitQueue = DedicatedQueue(label: "kiln.onnx.submit")

    /// - Parameter subgroupSize: taken where it is one a device can have (a power of two from 4 to 128).
    public init(device: Device, subgroupSize: Int? = nil) {
        self.device = device
        self.subgroupSize = subgroupSize.flatMap { (4...128).contains($0) && $0 & ($0 - 1) == 0 ? $0 : nil }
    }

    /// Requests the default adapter's device with the largest buffer limits it offers, and subgroup
    /// operations and 64-bit integers where the adapter has them (`subgroups: false`, `int64: false` leave
    /// them off, as on adapters without).
    public static func makeDefault(subgroups: Bool = true, int64: Bool = true) async throws -> GPUContext {
        let instance = try Instance()
        guard let adapter = try await instance.requestAdapter(RequestAdapterOptions(powerPreference: .highPerformance)) else {
            throw ONNXError.gpu("no WebGPU adapter found (is a Vulkan driver installed?)")
        }
        let limits = ["maxBufferSize": adapter.limits.maxBufferSize,
                      "maxStorageBufferBindingSize": adapter.limits.maxStorageBufferBindingSize,
                      "maxStorageBuffersPerShaderStage": min(adapter.limits.maxStorageBuffersPerShaderStage, 10),
                      "maxComputeWorkgroupsPerDimension": adapter.limits.maxComputeWorkgroupsPerDimension]
        // Subgroups let CPU adapters' kernels share loaded values between SIMD lanes (`SubgroupPointwiseConv`);
        // kernels that use them carry a portable variant for devices without.
        var features: Set<FeatureName> = subgroups && adapter.features.contains(.subgroup) ? [.subgroup] : []
        // 64-bit loads let CPU adapters' kernels read two f32s per load (`QuadLoads`).
        if int64 && adapter.features.contains(.shaderInt64) { features.insert(.shaderInt64) }
        let device = try await adapter.requestDevice(DeviceDescriptor(label: "kiln-onnx", requiredFeatures: features, requiredLimits: limits))
        let unmeasured = GPUContext(device: device)
        guard features.contains(.subgroup) else { return unmeasured }
        // A measurement that fails leaves the size unknown (kernels then assume 4).
        return GPUContext(device: device, subgroupSize: try? await unmeasured.measureSubgroupSize())
    }

    /// The pipeline for `source`, compiled on first use.
    /// - Parameter explicitLayout: writable flags of every storage binding for a layout that includes
    ///   bindings the shader does not use (nil: derived from the shader). The source declares the same bindings.
    func pipeline(_ source: String, label: String, explicitLayout: [Bool]? = nil) throws -> ComputePipeline {
        if let cached = lock.withLock({ pipelines[source] }) { return cached }
        // Errors are captured on this thread, not in the device's error scopes: pipelines compile on the
        // context's own thread (`prepare`) while sessions on other threads may hold scopes open.
        let ((module, pipeline), errors) = device.capturingErrors { () -> (ShaderModule, ComputePipeline) in
            let module = device.createShaderModule(code: source, label: label)
            var layout = ComputePipelineDescriptor.Layout.auto
            if let explicitLayout {
                let entries = explicitLayout.enumerated().map { index, writable in
                    BindGroupLayoutEntry(binding: UInt32(index), .buffer(type: writable ? .storage : .readOnlyStorage))
                }
                let group = device.createBindGroupLayout(entries: entries, label: label)
                layout = .explicit(device.createPipelineLayout(bindGroupLayouts: [group], label: label))
            }
            return (module, device.createComputePipeline(ComputePipelineDescriptor(label: label, layout: layout, module: module)))
        }
        if module.compilationInfo.hasErrors {
            let messages = module.compilationInfo.messages.map(\.description).joined(separator: "; ")
            throw ONNXError.gpu("WGSL for \(label) does not compile: \(messages)\n\(source)")
        }
        if let error = errors.first { throw ONNXError.gpu("pipeline for \(label): \(error.message)") }
        lock.withLock { pipelines[source] = pipeline }
        return pipeline
    }

    /// Runs `work` (compiling pipelines, converting and uploading weights) on the context's compile thread.
    /// A driver may take seconds per pipeline (lavapipe's LLVM with a cold shader cache: ~18 s for
    /// EfficientNet-Lite0), and a debug build seconds to convert a model's weights (see `DedicatedQueue`).
    func prepare<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await compileQueue.run(work)
    }

    /// Submits `commandBuffers` on the context's own thread; returns the errors the submit raised. wgpu's
    /// submit can block for as long as the device works (lavapipe runs command buffers inside
    /// vkQueueSubmit, and a submit waits for another thread's submit or blocking poll). On Swift concurrency's
    /// shared threads (as many as cores) that stalled every other task of the process: fetch streams timed
    /// out while ONNX sessions ran beside them on a 2-core machine, with both threads inside `queue_submit`.
    func submit(_ commandBuffers: [CommandBuffer]) async -> [GPUError] {
        await submitQueue.run { self.device.capturingErrors { self.device.queue.submit(commandBuffers) }.1 }
    }

    /// Runs `writes` (`queue.writeBuffer` calls) on the context's submit thread: a write waits for the queue's
    /// lock, which a submit holds for as long as `submit` blocks.
    func write(_ writes: [@Sendable (Queue) -> Void]) async {
        guard !writes.isEmpty else { return }
        await submitQueue.run { for write in writes { write(self.device.queue) } }
    }

    /// Maps `buffer` (`Buffer.mapAsync`), starting the request on the context's submit thread: starting a map
    /// submits when writes are staged (by any session on this device), and that submit blocks as `submit` does.
    func map(_ buffer: Buffer, _ mode: MapMode) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            submitQueue.start { buffer.mapAsync(mode) { continuation.resume(with: $0) } }
        }
    }

    var cachedPipelineCount: Int { lock.withLock { pipelines.count } }

    /// Whether kernels may use subgroup operations (else they run their `Dispatch.portable` form).
    var hasSubgroups: Bool { device.features.contains(.subgroup) }

    /// Whether kernels may load 64-bit integers (CPU adapters' kernels then load two f32s per load).
    var hasInt64: Bool { device.features.contains(.shaderInt64) }

    /// Runs one workgroup that writes its subgroup size. Like sessions, it compiles and submits on the context's
    /// own threads: contexts are made while other sessions compile (the CPU kernel tests make three at once),
    /// and a compile or submit blocked behind theirs on a thread of Swift concurrency's pool stalls the process.
    private func measureSubgroupSize() async throws -> Int {
        let source = """
        @group(0) @binding(0) var<storage, read_write> Size: array<u32>;
        @compute @workgroup_size(64)
        fn main(@builtin(subgroup_size) lanes: u32, @builtin(local_invocation_index) index: u32) {
            if (index == 0u) { Size[0] = lanes; }
        }
        """
        let pipeline = try await prepare { try self.pipeline(source, label: "subgroup size") }
        let result = try device.createBuffer(BufferDescriptor(label: "subgroup size", size: 4, usage: [.storage, .copySrc]))
        let readback = try device.createBuffer(BufferDescriptor(label: "subgroup size readback", size: 4, usage: [.mapRead, .copyDst]))
        defer { result.destroy(); readback.destroy() }
        let encoder = device.createCommandEncoder(label: "subgroup size")
        let pass = encoder.beginComputePass(label: "subgroup size")
        pass.setPipeline(pipeline)
        pass.setBindGroup(0, device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: [BindGroupEntry(binding: 0, buffer: result)]))
        pass.dispatchWorkgroups(1, 1, 1)
        pass.end()
        encoder.copyBufferToBuffer(result, to: readback, size: 4)
        if let error = await submit([try encoder.finish()]).first { throw ONNXError.gpu("subgroup size: \(error.message)") }
        try await map(readback, .read)
        defer { readback.unmap() }
        return Int(try readback.readMapped(as: UInt32.self, count: 1)[0])
    }
}
