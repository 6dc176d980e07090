import CWebGPU
import Foundation

/// Recorded GPU work ready for `Queue.submit` (`GPUCommandBuffer`). It can be submitted once.
public final class CommandBuffer: @unchecked Sendable {
    let handle: WGPUCommandBuffer
    private let lock = NSLock()
    private var submitted = false
    /// False when wgpu reported an error while encoding or finishing.
    private let isValid: Bool
    /// Resources the commands use; checked at submit and kept alive until then.
    private let buffers: [Buffer]
    private let querySets: [QuerySet]

    init(handle: WGPUCommandBuffer, isValid: Bool, buffers: [Buffer], querySets: [QuerySet]) {
        self.handle = handle
        self.isValid = isValid
        self.buffers = buffers
        self.querySets = querySets
    }

    deinit { wgpuCommandBufferRelease(handle) }

    /// Why this command buffer cannot be submitted, or nil after marking it submitted.
    func takeForSubmit() -> String? {
        lock.lock()
        defer { lock.unlock() }
        if submitted { return "a command buffer was already submitted" }
        if !isValid { return "a command buffer is invalid (its encoding failed)" }
        if let buffer = buffers.first(where: \.isDestroyed) { return "buffer '\(buffer.label ?? "")' is destroyed" }
        if let buffer = buffers.first(where: { $0.mapState != .unmapped }) {
            return "buffer '\(buffer.label ?? "")' is mapped or has a pending map"
        }
        if querySets.contains(where: \.isDestroyed) { return "a query set is destroyed" }
        submitted = true
        return nil
    }
}
