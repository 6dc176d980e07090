import CWebGPU

/// The device's queue (`GPUQueue`): submits command buffers, writes buffers, and reports completion.
public final class Queue: @unchecked Sendable {
    let core: DeviceCore
    var handle: WGPUQueue { core.queue }

    init(core: DeviceCore) {
        self.core = core
    }

    /// Submits work in order (`submit`). An invalid submission (a command buffer that is invalid or was
    /// submitted before, a buffer that is destroyed or mapped) is a validation error and nothing is
    /// submitted, as WebGPU specifies. On a lost device this does nothing.
    public func submit(_ commandBuffers: [CommandBuffer]) {
        // wgpu-native aborts the process when a submission fails validation, so every reason WebGPU
        // gives for an invalid submit is checked here first and reported as a validation error.
        if core.sink.isLost { return }
        for buffer in commandBuffers {
            if let problem = buffer.takeForSubmit() {
                core.validationError("Queue.submit: \(problem); nothing was submitted")
                return
            }
        }
        core.submit(commandBuffers.map(\.handle))
    }

    /// Copies `data` into `buffer` at `offset` (`writeBuffer`). Alignment and range are validated by
    /// wgpu (validation errors); the bytes are copied before this returns.
    public func writeBuffer(_ buffer: Buffer, offset: UInt64 = 0, data: UnsafeRawBufferPointer) {
        wgpuQueueWriteBuffer(handle, buffer.handle, offset, data.baseAddress, data.count)
        core.noteWrite()
    }

    /// Writes the bytes of `values` (e.g. `[Float]`) into `buffer` at `offset`.
    public func writeBuffer<Element: BitwiseCopyable>(_ buffer: Buffer, offset: UInt64 = 0, _ values: [Element]) {
        values.withUnsafeBytes { writeBuffer(buffer, offset: offset, data: $0) }
    }

    /// Resolves once all work submitted so far has finished on the GPU (`onSubmittedWorkDone`).
    public func onSubmittedWorkDone() async throws {
        guard let completion = startWorkDone() else { return }
        try await completion.value()
    }

    /// `onSubmittedWorkDone` for callers with an executor of their own: `done` runs on the device's
    /// event-pump thread (or on the caller's, on a lost device), so it must only hand the result on.
    public func onSubmittedWorkDone(then done: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        guard let completion = startWorkDone() else { return done(.success(())) }
        completion.whenResolved(done)
    }

    /// Issues the C request; nil on a lost device, where no work will ever finish and nothing is left to wait for.
    private func startWorkDone() -> Completion<Void>? {
        let operation = PumpOperation<Void>(pump: core.pump)
        guard operation.begin("onSubmittedWorkDone") else { return nil }
        let callbackInfo = WGPUQueueWorkDoneCallbackInfo(
            nextInChain: nil,
            mode: WGPUCallbackMode_AllowProcessEvents,
            callback: { status, message, userdata, _ in
                PumpOperation<Void>.take(userdata).finish(status == WGPUQueueWorkDoneStatus_Success
                    ? .success(()) : .failure(WebGPUError.operation("onSubmittedWorkDone: \(String(message))")))
            },
            userdata1: operation.retainedPointer(),
            userdata2: nil
        )
        _ = wgpuQueueOnSubmittedWorkDone(handle, callbackInfo)
        core.pump.issued()
        return operation.completion
    }

    /// Nanoseconds per timestamp-query tick.
    public var timestampPeriod: Float { wgpuQueueGetTimestampPeriod(handle) }
}
