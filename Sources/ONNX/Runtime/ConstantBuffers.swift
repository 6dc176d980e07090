import Foundation
import WebGPU

/// A session's weights on the GPU: each constant uploaded once, on first use, and shared by every program
/// the session compiles. Programs are prepared on the context's compile thread, so the cache has its own lock.
final class ConstantBuffers: @unchecked Sendable {
    private let device: Device
    private let lock = NSLock()
    private var buffers: [String: Buffer] = [:]

    init(device: Device) {
        self.device = device
    }

    func buffer(_ name: String, _ tensor: Tensor) throws -> Buffer {
        if let buffer = lock.withLock({ buffers[name] }) { return buffer }
        let words = tensor.gpuWords
        let buffer = try device.createBuffer(BufferDescriptor(label: name, size: UInt64(max(words.count, 1) * 4), usage: [.storage, .copyDst]))
        device.queue.writeBuffer(buffer, words.isEmpty ? [UInt32(0)] : words)
        lock.withLock { buffers[name] = buffer }
        return buffer
    }

    deinit {
        for buffer in buffers.values { buffer.destroy() }
    }
}
