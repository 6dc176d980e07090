import Foundation
import WebGPU

/// The device a session runs on, plus the compiled-pipeline cache every session on it shares
/// (pipelines are keyed by their WGSL source, which already encodes op and shapes).
public final class GPUContext: @unchecked Sendable {
    public let device: Device
    private var pipelines: [String: ComputePipeline] = [:]
    private let lock = NSLock()

    public init(device: Device) {
        self.device = device
    }

    /// Requests the default adapter's device with the largest buffer limits it offers, and subgroup
    /// operations where the adapter has them (`subgroups: false` leaves them off, as on adapters without).
    public static func makeDefault(subgroups: Bool = true) async throws -> GPUContext {
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
        let features: Set<FeatureName> = subgroups && adapter.features.contains(.subgroup) ? [.subgroup] : []
        let device = try await adapter.requestDevice(DeviceDescriptor(label: "kiln-onnx", requiredFeatures: features, requiredLimits: limits))
        return GPUContext(device: device)
    }

    /// The pipeline for `source`, compiled on first use.
    /// - Parameter explicitLayout: writable flags of every storage binding for a layout that includes
    ///   bindings the shader does not use (nil: derived from the shader). The source declares the same bindings.
    func pipeline(_ source: String, label: String, explicitLayout: [Bool]? = nil) throws -> ComputePipeline {
        if let cached = lock.withLock({ pipelines[source] }) { return cached }
        let module = device.createShaderModule(code: source, label: label)
        if module.compilationInfo.hasErrors {
            let messages = module.compilationInfo.messages.map(\.description).joined(separator: "; ")
            throw ONNXError.gpu("WGSL for \(label) does not compile: \(messages)\n\(source)")
        }
        device.pushErrorScope(.validation)
        var layout = ComputePipelineDescriptor.Layout.auto
        if let explicitLayout {
            let entries = explicitLayout.enumerated().map { index, writable in
                BindGroupLayoutEntry(binding: UInt32(index), .buffer(type: writable ? .storage : .readOnlyStorage))
            }
            let group = device.createBindGroupLayout(entries: entries, label: label)
            layout = .explicit(device.createPipelineLayout(bindGroupLayouts: [group], label: label))
        }
        let pipeline = device.createComputePipeline(ComputePipelineDescriptor(label: label, layout: layout, module: module))
        if let error = try device.popErrorScope() {
            throw ONNXError.gpu("pipeline for \(label): \(error.message)")
        }
        lock.withLock { pipelines[source] = pipeline }
        return pipeline
    }

    var cachedPipelineCount: Int { lock.withLock { pipelines.count } }

    /// Whether kernels may use subgroup operations (else they run their `Dispatch.portable` form).
    var hasSubgroups: Bool { device.features.contains(.subgroup) }
}
