import CWebGPU
import Foundation

/// Records dispatches inside a compute pass (`GPUComputePassEncoder`).
///
/// Calls after `end()` are reported as validation errors here, since wgpu-native would abort on them.
public final class ComputePassEncoder: @unchecked Sendable {
    /// nil when the pass was begun on a finished encoder (already reported); every call is then ignored.
    private let handle: WGPUComputePassEncoder?
    private let encoder: CommandEncoder
    private let lock = NSLock()
    private var ended = false

    init(handle: WGPUComputePassEncoder?, encoder: CommandEncoder) {
        self.handle = handle
        self.encoder = encoder
    }

    deinit {
        if let handle { wgpuComputePassEncoderRelease(handle) }
    }

    private func ifRecording(_ call: String, _ body: (WGPUComputePassEncoder) -> Void) {
        lock.lock()
        let isEnded = ended
        lock.unlock()
        if isEnded {
            encoder.core.validationError("ComputePassEncoder.\(call): the pass has already ended")
        } else if let handle {
            body(handle)
        }
    }

    public func setPipeline(_ pipeline: ComputePipeline) {
        ifRecording("setPipeline") { wgpuComputePassEncoderSetPipeline($0, pipeline.handle) }
    }

    /// Binds `group` at `index` (`setBindGroup`); `dynamicOffsets` are for layouts with dynamic offsets.
    public func setBindGroup(_ index: UInt32, _ group: BindGroup?, dynamicOffsets: [UInt32] = []) {
        ifRecording("setBindGroup") { pass in
            dynamicOffsets.withUnsafeBufferPointer {
                wgpuComputePassEncoderSetBindGroup(pass, index, group?.handle, $0.count, $0.baseAddress)
            }
        }
    }

    public func dispatchWorkgroups(_ x: UInt32, _ y: UInt32 = 1, _ z: UInt32 = 1) {
        ifRecording("dispatchWorkgroups") { wgpuComputePassEncoderDispatchWorkgroups($0, x, y, z) }
    }

    /// Dispatches with counts read on the GPU from three u32 at `offset` in `buffer` (INDIRECT usage).
    public func dispatchWorkgroupsIndirect(_ buffer: Buffer, offset: UInt64 = 0) {
        ifRecording("dispatchWorkgroupsIndirect") {
            wgpuComputePassEncoderDispatchWorkgroupsIndirect($0, buffer.handle, offset)
        }
    }

    public func pushDebugGroup(_ label: String) {
        ifRecording("pushDebugGroup") { pass in withCArena { wgpuComputePassEncoderPushDebugGroup(pass, $0.stringView(label)) } }
    }

    public func popDebugGroup() {
        ifRecording("popDebugGroup") { wgpuComputePassEncoderPopDebugGroup($0) }
    }

    public func insertDebugMarker(_ label: String) {
        ifRecording("insertDebugMarker") { pass in withCArena { wgpuComputePassEncoderInsertDebugMarker(pass, $0.stringView(label)) } }
    }

    /// Ends the pass (`end`) and unlocks the encoder.
    public func end() {
        ifRecording("end") { wgpuComputePassEncoderEnd($0) }
        lock.lock()
        ended = true
        lock.unlock()
    }
}

/// Where a compute pass writes its start and end timestamps (`GPUComputePassTimestampWrites`).
public struct ComputePassTimestampWrites: Sendable {
    public var querySet: QuerySet
    public var beginningOfPassWriteIndex: UInt32?
    public var endOfPassWriteIndex: UInt32?

    public init(querySet: QuerySet, beginningOfPassWriteIndex: UInt32? = nil, endOfPassWriteIndex: UInt32? = nil) {
        self.querySet = querySet
        self.beginningOfPassWriteIndex = beginningOfPassWriteIndex
        self.endOfPassWriteIndex = endOfPassWriteIndex
    }

    var c: WGPUPassTimestampWrites {
        WGPUPassTimestampWrites(
            nextInChain: nil,
            querySet: querySet.handle,
            beginningOfPassWriteIndex: beginningOfPassWriteIndex ?? UInt32.max,  // WGPU_QUERY_SET_INDEX_UNDEFINED
            endOfPassWriteIndex: endOfPassWriteIndex ?? UInt32.max)
    }
}
