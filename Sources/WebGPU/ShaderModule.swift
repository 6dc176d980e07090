import CWebGPU

/// Compiled WGSL (`GPUShaderModule`).
public final class ShaderModule: @unchecked Sendable {
    let handle: WGPUShaderModule
    /// The messages wgpu produced while compiling this module (`getCompilationInfo`).
    public let compilationInfo: CompilationInfo

    init(handle: WGPUShaderModule, compilationInfo: CompilationInfo) {
        self.handle = handle
        self.compilationInfo = compilationInfo
    }

    deinit { wgpuShaderModuleRelease(handle) }
}

extension Device {
    /// Compiles WGSL (`createShaderModule`). Bad WGSL gives a validation error (to scopes or the
    /// uncaptured handler, as in WebGPU) and a module whose `compilationInfo` has the positioned errors.
    public func createShaderModule(code: String, label: String? = nil) -> ShaderModule {
        let (handle, errors) = ErrorCapture.run {
            withCArena { arena in
                var wgsl = WGPUShaderSourceWGSL()
                wgsl.chain.sType = WGPUSType_ShaderSourceWGSL
                wgsl.code = arena.stringView(code)
                let source = arena.pointer(wgsl)
                var c = WGPUShaderModuleDescriptor()
                c.label = arena.stringView(label)
                c.nextInChain = UnsafeMutableRawPointer(source).assumingMemoryBound(to: WGPUChainedStruct.self)
                return wgpuDeviceCreateShaderModule(core.handle, &c)
            }
        }
        for error in errors { core.sink.report(error) }
        let messages = errors.map { CompilationMessage(wgpuError: $0.message, source: code) }
        return ShaderModule(handle: handle!, compilationInfo: CompilationInfo(messages: messages))
    }
}
