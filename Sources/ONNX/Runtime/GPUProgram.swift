import Foundation
import WebGPU

/// An `ExecutionPlan` made real on a device: slot and input buffers, one pipeline and bind group per
/// dispatch, readback buffers for the outputs. Running it records every dispatch into one command
/// encoder, submits once, and maps only the output buffers.
final class GPUProgram {
    let context: GPUContext
    let plan: ExecutionPlan
    private var inputBuffers: [String: Buffer] = [:]
    private var slotBuffers: [Buffer] = []
    private var steps: [(pipeline: ComputePipeline, bindGroup: BindGroup, workgroups: (Int, Int, Int))] = []
    /// Per step: the node's op and the kernel's shape (for profiles).
    private var stepLabels: [String] = []
    private var readbacks: [String: Buffer] = [:]
    /// Large inputs go up through a staging buffer of their own that stays mapped between runs
    /// (`writeBuffer` would allocate and fault in fresh staging memory for every 38 MB batch).
    private var uploads: [String: Buffer] = [:]
    static let stagedInputBytes = 1 << 20
    var remaps: [Task<Void, Error>] = []

    /// - Parameter constants: the session's uploaded weights (created once, shared by every program).
    init(plan: ExecutionPlan, context: GPUContext, constants: (String, Tensor) throws -> Buffer) throws {
        self.context = context
        self.plan = plan
        let device = context.device
        device.pushErrorScope(.outOfMemory)
        device.pushErrorScope(.validation)
        for (name, info) in plan.inputs {
            inputBuffers[name] = try device.createBuffer(BufferDescriptor(label: "input \(name)", size: UInt64(info.gpuBytes), usage: [.storage, .copyDst, .copySrc]))
            if info.gpuBytes >= Self.stagedInputBytes {
                uploads[name] = try device.createBuffer(BufferDescriptor(label: "upload \(name)", size: UInt64(info.gpuBytes), usage: [.mapWrite, .copySrc], mappedAtCreation: true))
            }
        }
        slotBuffers = try plan.memory.slotSizes.enumerated().map { index, size in
            try device.createBuffer(BufferDescriptor(label: "slot \(index)", size: UInt64(size), usage: [.storage, .copySrc]))
        }
        for step in plan.steps {
            let dispatch = step.dispatch.resolved(subgroups: context.hasSubgroups)
            let pipeline = try context.pipeline(dispatch.source, label: step.node, explicitLayout: dispatch.explicitLayout)
            let entries = try step.buffers.enumerated().map { index, ref in
                let range = step.ranges[index]
                return BindGroupEntry(binding: UInt32(index), buffer: try buffer(ref, constants: constants),
                                      offset: UInt64(range?.lowerBound ?? 0), size: range.map { UInt64($0.count) })
            }
            let bindGroup = device.createBindGroup(layout: pipeline.getBindGroupLayout(0), entries: entries, label: step.node)
            steps.append((pipeline, bindGroup, dispatch.workgroups))
            let kind = dispatch.kind.isEmpty ? "" : "/" + dispatch.kind
            stepLabels.append("\(step.op)\(kind) \(step.node) grid \(dispatch.workgroups)")
        }
        for output in plan.outputs {
            guard case .buffer = output.source else { continue }
            readbacks[output.name] = try device.createBuffer(BufferDescriptor(label: "readback \(output.name)", size: UInt64(output.info.gpuBytes), usage: [.mapRead, .copyDst]))
        }
        let validation = try device.popErrorScope()
        let memory = try device.popErrorScope()
        if let error = validation ?? memory { throw ONNXError.gpu("setting up the program: \(error.message)") }
    }

    func buffer(_ ref: ExecutionPlan.BufferRef, constants: (String, Tensor) throws -> Buffer) throws -> Buffer {
        switch ref {
        case .slot(let index): return slotBuffers[index]
        case .input(let name):
            guard let buffer = inputBuffers[name] else { throw ONNXError.invalidGraph("no buffer for input '\(name)'") }
            return buffer
        case .constant(let name):
            guard let tensor = plan.constants[name] else { throw ONNXError.invalidGraph("no constant '\(name)'") }
            return try constants(name, tensor)
        }
    }

    /// Total bytes of intermediate buffers (after liveness reuse).
    var intermediateBytes: Int { plan.memory.totalBytes }
    var dispatchCount: Int { steps.count }

    /// Runs the program and reads the outputs back. `gpuFeeds` (checked by the session) are copied on the
    /// device into the input buffers: no upload.
    func run(_ feeds: [String: Tensor], gpuFeeds: [String: GPUTensor] = [:]) async throws -> [String: Tensor] {
        let device = context.device
        let (encoder, staged) = try await encodeInputs(feeds, gpuFeeds)
        device.pushErrorScope(.validation)
        // A graph output that is a GPU feed passed through is read back from the caller's buffer.
        var passedThrough: [String: Buffer] = [:]
        let commands: CommandBuffer
        do {
            encodeSteps(encoder)
            for output in plan.outputs {
                switch output.source {
                case .buffer(let ref):
                    guard let readback = readbacks[output.name] else { continue }
                    encoder.copyBufferToBuffer(try buffer(ref, constants: Self.noConstants), to: readback, size: readback.size)
                case .feed(let name):
                    guard let resident = gpuFeeds[name], resident.byteCount > 0 else { continue }
                    let readback = try device.createBuffer(BufferDescriptor(label: "readback \(output.name)", size: UInt64(resident.byteCount), usage: [.mapRead, .copyDst]))
                    encoder.copyBufferToBuffer(resident.buffer, sourceOffset: resident.offset, to: readback, size: readback.size)
                    passedThrough[output.name] = readback
                case .constant: continue
                }
            }
            commands = try encoder.finish()
        } catch {
            _ = try? device.popErrorScope()
            throw error
        }
        if let error = try device.popErrorScope() { throw ONNXError.gpu("running: \(error.message)") }
        if let error = await context.submit([commands]).first { throw ONNXError.gpu("running: \(error.message)") }
        // Re-map the staging buffers while the GPU works, ready for the next run.
        remaps = staged.map { upload in Task { [context] in try await context.map(upload, .write) } }

        var results: [String: Tensor] = [:]
        for output in plan.outputs {
            switch output.source {
            case .constant(let tensor): results[output.name] = tensor
            case .feed(let name):
                if let readback = passedThrough[output.name] {
                    defer { readback.destroy() }
                    results[output.name] = try await read(readback, output.info)
                } else if let resident = gpuFeeds[name] {
                    results[output.name] = Tensor(type: resident.type, shape: output.info.shape, gpuWords: [])
                } else {
                    results[output.name] = feeds[name]?.reshaped(output.info.shape)
                }
            case .buffer:
                guard let readback = readbacks[output.name] else { continue }
                results[output.name] = try await read(readback, output.info)
            }
        }
        for remap in remaps { try await remap.value }
        remaps = []
        return results
    }

    /// Records the feeds' uploads (host tensors) or device-side copies (GPU tensors) into a new encoder.
    /// Returns it and the staging buffers it unmapped (to map again after the submit).
    func encodeInputs(_ feeds: [String: Tensor], _ gpuFeeds: [String: GPUTensor]) async throws -> (CommandEncoder, [Buffer]) {
        let device = context.device
        // A run that failed, or one that left its outputs on the GPU, may have left re-mappings in flight.
        for remap in remaps { _ = try? await remap.value }
        remaps = []
        let encoder = device.createCommandEncoder(label: "inference")
        var staged: [Buffer] = []
        var writes: [@Sendable (Queue) -> Void] = []
        for (name, buffer) in inputBuffers {
            if let resident = gpuFeeds[name] {
                if resident.byteCount > 0 {
                    encoder.copyBufferToBuffer(resident.buffer, sourceOffset: resident.offset, to: buffer, size: UInt64(resident.byteCount))
                }
                continue
            }
            guard let feed = feeds[name] else { continue }
            if let upload = uploads[name] {
                // Mapped again after each run; a run that failed before that left it unmapped.
                if upload.mapState != .mapped { try await context.map(upload, .write) }
                if case .float32(let values) = feed.storage { try upload.writeMapped(values) } else { try upload.writeMapped(feed.gpuWords) }
                upload.unmap()
                staged.append(upload)
                encoder.copyBufferToBuffer(upload, to: buffer, size: buffer.size)
            } else if case .float32(let values) = feed.storage, !values.isEmpty {
                writes.append { $0.writeBuffer(buffer, values) }
            } else {
                let words = feed.gpuWords.isEmpty ? [UInt32(0)] : feed.gpuWords
                writes.append { $0.writeBuffer(buffer, words) }
            }
        }
        await context.write(writes)
        return (encoder, staged)
    }

    /// Records every dispatch, in order, in one compute pass.
    func encodeSteps(_ encoder: CommandEncoder) {
        guard !steps.isEmpty else { return }
        let pass = encoder.beginComputePass(label: "inference")
        for step in steps {
            pass.setPipeline(step.pipeline)
            pass.setBindGroup(0, step.bindGroup)
            pass.dispatchWorkgroups(UInt32(step.workgroups.0), UInt32(step.workgroups.1), UInt32(step.workgroups.2))
        }
        pass.end()
    }

    static let noConstants: (String, Tensor) throws -> Buffer = { name, _ in throw ONNXError.invalidGraph("constant '\(name)' as output") }

    /// Maps `readback` (a copy of a tensor described by `info`) and reads the tensor.
    private func read(_ readback: Buffer, _ info: TensorInfo) async throws -> Tensor {
        try await context.map(readback, .read)
        defer { readback.unmap() }
        if info.type == .float32 {
            return Tensor(shape: info.shape, floats: try readback.readMapped(as: Float.self, count: info.count))
        }
        return Tensor(type: info.type, shape: info.shape, gpuWords: try readback.readMapped(as: UInt32.self, count: info.count))
    }

    /// Runs every dispatch in its own submit and waits for it: wall time per step in milliseconds
    /// (includes one submit's overhead each; for finding where the time goes, not for latency).
    func profile(_ feeds: [String: Tensor]) async throws -> [(step: String, milliseconds: Double)] {
        _ = try await run(feeds)
        let queue = context.device.queue
        var times: [(step: String, milliseconds: Double)] = []
        for (index, step) in steps.enumerated() {
            let encoder = context.device.createCommandEncoder(label: "profile")
            let pass = encoder.beginComputePass(label: "profile")
            pass.setPipeline(step.pipeline)
            pass.setBindGroup(0, step.bindGroup)
            pass.dispatchWorkgroups(UInt32(step.workgroups.0), UInt32(step.workgroups.1), UInt32(step.workgroups.2))
            pass.end()
            let start = DispatchTime.now().uptimeNanoseconds
            if let error = await context.submit([try encoder.finish()]).first { throw ONNXError.gpu("profiling: \(error.message)") }
            try await queue.onSubmittedWorkDone()
            times.append((stepLabels[index], Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
        }
        return times
    }

    /// Frees the program's buffers now rather than at deinit.
    func destroy() {
        for buffer in Array(inputBuffers.values) + slotBuffers + Array(readbacks.values) + Array(uploads.values) { buffer.destroy() }
    }
}
