import JavaScript
import WebGPU

/// GPUCommandBuffer (WebGPU §16.1): what `GPUCommandEncoder.finish()` returns for `GPUQueue.submit()`.
/// `commandBuffer` is nil when finish() failed (the error went to the device); submit skips it.
final class GPUCommandBufferImpl: GPUObjectImpl {
    let commandBuffer: CommandBuffer?
    /// The buffers its commands use; submit refuses it while one is mapped or destroyed.
    let buffers: [GPUBufferImpl]

    init(_ commandBuffer: CommandBuffer?, buffers: [GPUBufferImpl], label: String?) {
        self.commandBuffer = commandBuffer
        self.buffers = buffers
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
