import JavaScript
import WebGPU

/// GPUCommandBuffer (WebGPU §16.1): what `GPUCommandEncoder.finish()` returns for `GPUQueue.submit()`.
/// `commandBuffer` is nil when finish() failed (the error went to the device); submit skips it.
final class GPUCommandBufferImpl: GPUObjectImpl {
    let commandBuffer: CommandBuffer?

    init(_ commandBuffer: CommandBuffer?, label: String?) {
        self.commandBuffer = commandBuffer
        super.init(label: label)
    }
}

extension GPURegistry {
    func defineGPUCommandBuffer(_ ctx: JSContext) throws -> NativeClass<GPUCommandBufferImpl> {
        try ctx.defineClass("GPUCommandBuffer", payload: GPUCommandBufferImpl.self) { b in
            b.labelAttribute()
        }
    }
}
