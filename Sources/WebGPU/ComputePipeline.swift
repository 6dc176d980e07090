import CWebGPU

/// A compute shader entry point bound to a layout (`GPUComputePipeline`).
public final class ComputePipeline: @unchecked Sendable {
    let handle: WGPUComputePipeline

    init(handle: WGPUComputePipeline) {
        self.handle = handle
    }

    deinit { wgpuComputePipelineRelease(handle) }

    /// The layout of bind group `index` (`getBindGroupLayout`), useful with `.auto` layouts.
    public func getBindGroupLayout(_ index: UInt32) -> BindGroupLayout {
        BindGroupLayout(handle: wgpuComputePipelineGetBindGroupLayout(handle, index))
    }
}

/// How to create a compute pipeline (`GPUComputePipelineDescriptor`).
public struct ComputePipelineDescriptor: Sendable {
    public enum Layout: Sendable {
        /// Derive the layout from the shader (`layout: "auto"`).
        case auto
        case explicit(PipelineLayout)
    }

    public var label: String?
    public var layout: Layout
    public var module: ShaderModule
    /// nil: the module's only compute entry point.
    public var entryPoint: String?
    /// Values for pipeline-overridable constants (`override` declarations), by name or id.
    public var constants: [String: Double]

    public init(label: String? = nil, layout: Layout = .auto, module: ShaderModule, entryPoint: String? = nil,
                constants: [String: Double] = [:]) {
        self.label = label
        self.layout = layout
        self.module = module
        self.entryPoint = entryPoint
        self.constants = constants
    }

    func withC<Result>(_ body: (inout WGPUComputePipelineDescriptor) -> Result) -> Result {
        withCArena { arena in
            var c = WGPUComputePipelineDescriptor()
            c.label = arena.stringView(label)
            if case .explicit(let pipelineLayout) = layout { c.layout = pipelineLayout.handle }
            c.compute.module = module.handle
            c.compute.entryPoint = arena.stringView(entryPoint)
            let entries = constants.sorted { $0.key < $1.key }.map { key, value in
                WGPUConstantEntry(nextInChain: nil, key: arena.stringView(key), value: value)
            }
            c.compute.constantCount = entries.count
            c.compute.constants = arena.array(entries)
            return withExtendedLifetime(self) { body(&c) }
        }
    }
}

extension Device {
    /// Creates a compute pipeline (`createComputePipeline`); errors go to scopes / the handler.
    public func createComputePipeline(_ descriptor: ComputePipelineDescriptor) -> ComputePipeline {
        let handle = descriptor.withC { wgpuDeviceCreateComputePipeline(core.handle, &$0) }
        return ComputePipeline(handle: handle!)
    }

    /// Creates a compute pipeline and reports failure by throwing (`createComputePipelineAsync`).
    ///
    /// wgpu-native does not implement `wgpuDeviceCreateComputePipelineAsync` (it would abort), and wgpu
    /// compiles pipelines synchronously anyway; so the pipeline is created here and the errors of that
    /// call are captured (not sent to scopes) and thrown as a `GPUPipelineError`.
    /// - Throws: `WebGPUError.pipeline` with wgpu's validation or internal error.
    public func createComputePipelineAsync(_ descriptor: ComputePipelineDescriptor) async throws -> ComputePipeline {
        let (handle, errors) = ErrorCapture.run {
            descriptor.withC { wgpuDeviceCreateComputePipeline(core.handle, &$0) }
        }
        let pipeline = ComputePipeline(handle: handle!)
        if let error = errors.first { throw WebGPUError.pipeline(error) }
        return pipeline
    }
}
