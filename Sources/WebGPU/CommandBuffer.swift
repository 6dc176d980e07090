import CWebGPU
import Foundation

/// Recorded GPU work ready for `Queue.submit` (`GPUCommandBuffer`). It can be submitted once.
public final class CommandBuffer: @unchecked Sendable {
    let handle: WGPUCommandBuffer
    private let lock = NSLock()
    private var submitted = false

    init(handle: WGPUCommandBuffer) {
        self.handle = handle
    }

    deinit { wgpuCommandBufferRelease(handle) }

    /// Marks the buffer as submitted; false if it already was (wgpu-native aborts on a second submit).
    func takeForSubmit() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if submitted { return false }
        submitted = true
        return true
    }
}
