import CWebGPU

/// The bind group layouts a pipeline uses (`GPUPipelineLayout`).
public final class PipelineLayout: @unchecked Sendable {
    let handle: WGPUPipelineLayout

    init(handle: WGPUPipelineLayout) {
        self.handle = handle
    }

    deinit { wgpuPipelineLayoutRelease(handle) }
}

extension Device {
    /// Creates a pipeline layout (`createPipelineLayout`).
    public func createPipelineLayout(bindGroupLayouts: [BindGroupLayout], label: String? = nil) -> PipelineLayout {
        let handle = withCArena { arena in
            var c = WGPUPipelineLayoutDescriptor()
            c.label = arena.stringView(label)
            c.bindGroupLayoutCount = bindGroupLayouts.count
            c.bindGroupLayouts = arena.array(bindGroupLayouts.map { Optional($0.handle) })
            return wgpuDeviceCreatePipelineLayout(core.handle, &c)
        }
        return PipelineLayout(handle: handle!)
    }
}
