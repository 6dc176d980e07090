import CWebGPU
import Foundation

/// Records GPU commands into a command buffer (`GPUCommandEncoder`).
///
/// wgpu-native aborts when an encoder is used after `finish()`; those calls are caught here and
/// reported as validation errors instead (WebGPU's behaviour for an encoder that is no longer open).
public final class CommandEncoder: @unchecked Sendable {
    let handle: WGPUCommandEncoder
    let core: DeviceCore
    private let lock = NSLock()
    private var finished = false

    init(handle: WGPUCommandEncoder, core: DeviceCore) {
        self.handle = handle
        self.core = core
    }

    deinit { wgpuCommandEncoderRelease(handle) }

    /// Runs `body` if the encoder is still open; otherwise reports a validation error naming `call`.
    private func ifOpen(_ call: String, _ body: () -> Void) {
        lock.lock()
        let open = !finished
        lock.unlock()
        if open { body() } else { core.validationError("CommandEncoder.\(call): the encoder is already finished") }
    }

    /// Starts a compute pass (`beginComputePass`). The encoder is locked until the pass ends.
    public func beginComputePass(label: String? = nil, timestampWrites: ComputePassTimestampWrites? = nil) -> ComputePassEncoder {
        lock.lock()
        let open = !finished
        lock.unlock()
        guard open else {
            core.validationError("CommandEncoder.beginComputePass: the encoder is already finished")
            return ComputePassEncoder(handle: nil, encoder: self)
        }
        let pass = withCArena { arena in
            var c = WGPUComputePassDescriptor()
            c.label = arena.stringView(label)
            if let timestampWrites {
                c.timestampWrites = UnsafePointer(arena.pointer(timestampWrites.c))
            }
            return wgpuCommandEncoderBeginComputePass(handle, &c)
        }
        return ComputePassEncoder(handle: pass, encoder: self)
    }

    /// Copies `size` bytes between buffers (`copyBufferToBuffer`).
    public func copyBufferToBuffer(_ source: Buffer, sourceOffset: UInt64 = 0, to destination: Buffer,
                                   destinationOffset: UInt64 = 0, size: UInt64) {
        ifOpen("copyBufferToBuffer") {
            wgpuCommandEncoderCopyBufferToBuffer(handle, source.handle, sourceOffset, destination.handle, destinationOffset, size)
        }
    }

    /// Fills a buffer range with zeros (`clearBuffer`); size nil clears to the end.
    public func clearBuffer(_ buffer: Buffer, offset: UInt64 = 0, size: UInt64? = nil) {
        ifOpen("clearBuffer") {
            wgpuCommandEncoderClearBuffer(handle, buffer.handle, offset, size ?? UInt64.max)
        }
    }

    /// Writes query results as 64-bit integers into `destination` (`resolveQuerySet`).
    public func resolveQuerySet(_ querySet: QuerySet, firstQuery: UInt32 = 0, queryCount: UInt32,
                                destination: Buffer, destinationOffset: UInt64 = 0) {
        ifOpen("resolveQuerySet") {
            wgpuCommandEncoderResolveQuerySet(handle, querySet.handle, firstQuery, queryCount, destination.handle, destinationOffset)
        }
    }

    public func pushDebugGroup(_ label: String) {
        ifOpen("pushDebugGroup") { withCArena { wgpuCommandEncoderPushDebugGroup(handle, $0.stringView(label)) } }
    }

    public func popDebugGroup() {
        ifOpen("popDebugGroup") { wgpuCommandEncoderPopDebugGroup(handle) }
    }

    public func insertDebugMarker(_ label: String) {
        ifOpen("insertDebugMarker") { withCArena { wgpuCommandEncoderInsertDebugMarker(handle, $0.stringView(label)) } }
    }

    /// Ends recording (`finish`). Recording errors (e.g. a pass left open) surface as validation errors
    /// when the command buffer is made or submitted, as in WebGPU.
    /// - Throws: `WebGPUError.operation` if the encoder was already finished.
    public func finish(label: String? = nil) throws -> CommandBuffer {
        lock.lock()
        let wasFinished = finished
        finished = true
        lock.unlock()
        if wasFinished {
            core.validationError("CommandEncoder.finish: the encoder is already finished")
            throw WebGPUError.operation("CommandEncoder.finish: the encoder is already finished")
        }
        let buffer = withCArena { arena in
            var c = WGPUCommandBufferDescriptor()
            c.label = arena.stringView(label)
            return wgpuCommandEncoderFinish(handle, &c)
        }
        guard let buffer else { throw WebGPUError.operation("CommandEncoder.finish: wgpu returned no command buffer") }
        return CommandBuffer(handle: buffer)
    }
}

extension Device {
    /// Creates a command encoder (`createCommandEncoder`).
    public func createCommandEncoder(label: String? = nil) -> CommandEncoder {
        let handle = withCArena { arena in
            var c = WGPUCommandEncoderDescriptor()
            c.label = arena.stringView(label)
            return wgpuDeviceCreateCommandEncoder(core.handle, &c)
        }
        return CommandEncoder(handle: handle!, core: core)
    }
}
