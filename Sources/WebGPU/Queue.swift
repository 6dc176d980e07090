import CWebGPU

/// The device's queue (`GPUQueue`): submits command buffers, writes buffers, and reports completion.
public final class Queue: @unchecked Sendable {
    let handle: WGPUQueue
    let core: DeviceCore

    init(core: DeviceCore) {
        self.core = core
        handle = wgpuDeviceGetQueue(core.handle)
    }

    deinit { wgpuQueueRelease(handle) }

    /// Submits work in order (`submit`). A command buffer submitted before is a validation error and
    /// the whole submission is dropped, as WebGPU specifies.
    public func submit(_ commandBuffers: [CommandBuffer]) {
        for buffer in commandBuffers where !buffer.takeForSubmit() {
            core.validationError("Queue.submit: a command buffer was already submitted")
            return
        }
        let handles: [WGPUCommandBuffer?] = commandBuffers.map(\.handle)
        let index = handles.withUnsafeBufferPointer { wgpuQueueSubmitForIndex(handle, $0.count, $0.baseAddress) }
        core.pump.submitted(index)
    }

    /// Copies `data` into `buffer` at `offset` (`writeBuffer`). Alignment and range are validated by
    /// wgpu (validation errors); the bytes are copied before this returns.
    public func writeBuffer(_ buffer: Buffer, offset: UInt64 = 0, data: UnsafeRawBufferPointer) {
        wgpuQueueWriteBuffer(handle, buffer.handle, offset, data.baseAddress, data.count)
    }

    /// Writes the bytes of `values` (e.g. `[Float]`) into `buffer` at `offset`.
    public func writeBuffer<Element: BitwiseCopyable>(_ buffer: Buffer, offset: UInt64 = 0, _ values: [Element]) {
        values.withUnsafeBytes { writeBuffer(buffer, offset: offset, data: $0) }
    }

    /// Resolves once all work submitted so far has finished on the GPU (`onSubmittedWorkDone`).
    public func onSubmittedWorkDone() async throws {
        let completion = Completion<Void>()
        core.pump.begin()
        let callbackInfo = WGPUQueueWorkDoneCallbackInfo(
            nextInChain: nil,
            mode: WGPUCallbackMode_AllowProcessEvents,
            callback: { status, message, userdata, pump in
                let completion = Completion<Void>.take(userdata)
                if status == WGPUQueueWorkDoneStatus_Success {
                    completion.resolve(.success(()))
                } else {
                    completion.resolve(.failure(WebGPUError.operation("onSubmittedWorkDone: \(String(message))")))
                }
                Unmanaged<EventPump>.fromOpaque(pump!).takeUnretainedValue().end()
            },
            userdata1: completion.retainedPointer(),
            userdata2: Unmanaged.passUnretained(core.pump).toOpaque()
        )
        _ = wgpuQueueOnSubmittedWorkDone(handle, callbackInfo)
        core.pump.issued()
        try await completion.value()
    }

    /// Nanoseconds per timestamp-query tick.
    public var timestampPeriod: Float { wgpuQueueGetTimestampPeriod(handle) }
}
