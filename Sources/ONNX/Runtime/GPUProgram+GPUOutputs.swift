import WebGPU

extension GPUProgram {
    /// Runs the program and leaves every output on the GPU, each in a new buffer the caller owns (usage
    /// storage, copySrc, copyDst). Returns once the work is submitted: later work on this device's queue
    /// sees the results; `device.queue.onSubmittedWorkDone()` waits for them.
    func runOnGPU(_ feeds: [String: Tensor], gpuFeeds: [String: GPUTensor] = [:]) async throws -> [String: GPUTensor] {
        let device = context.device
        let (encoder, staged) = try await encodeInputs(feeds, gpuFeeds)
        device.pushErrorScope(.outOfMemory)
        device.pushErrorScope(.validation)
        encodeSteps(encoder)
        var results: [String: GPUTensor] = [:]
        var writes: [@Sendable (Queue) -> Void] = []
        for output in plan.outputs {
            let bytes = output.info.count * 4
            let target = try device.createBuffer(BufferDescriptor(label: "output \(output.name)", size: UInt64(max(bytes, 4)), usage: [.storage, .copySrc, .copyDst]))
            switch output.source {
            case .buffer(let ref):
                if bytes > 0 { encoder.copyBufferToBuffer(try buffer(ref, constants: Self.noConstants), to: target, size: UInt64(bytes)) }
            case .constant(let tensor):
                if bytes > 0 { writes.append { $0.writeBuffer(target, tensor.gpuWords) } }
            case .feed(let name):
                if let resident = gpuFeeds[name], bytes > 0 {
                    encoder.copyBufferToBuffer(resident.buffer, sourceOffset: resident.offset, to: target, size: UInt64(bytes))
                } else if let feed = feeds[name], bytes > 0 {
                    writes.append { $0.writeBuffer(target, feed.gpuWords) }
                }
            }
            results[output.name] = GPUTensor(buffer: target, type: output.info.type, shape: output.info.shape)
        }
        await context.write(writes)
        let commands = Result { try encoder.finish() }
        let validation = try device.popErrorScope()
        let memory = try device.popErrorScope()
        var submitted: [GPUError] = []
        if case .success(let buffer) = commands { submitted = await context.submit([buffer]) }
        if let error = validation ?? memory ?? submitted.first {
            for result in results.values { result.buffer.destroy() }
            throw ONNXError.gpu("running: \(error.message)")
        }
        if case .failure(let error) = commands {
            for result in results.values { result.buffer.destroy() }
            throw error
        }
        // The staging buffers map again once the GPU is done; the next run waits for that, this one does not.
        remaps = staged.map { upload in Task { [context] in try await context.map(upload, .write) } }
        return results
    }
}
