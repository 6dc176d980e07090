import Foundation
import WebGPU

/// An `ExecutionPlan` made real on a device: slot and input buffers, one pipeline and bind group per
/// dispatch, readback buffers for the outputs. Running it records every dispatch into one command
/// encoder, submits once, and maps only the output buffers.
final class GPUProgram {
    private let context: GPUContext
    private let plan: ExecutionPlan
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
    private var remaps: [Task<Void, Error>] = []

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
            let pipeline = try context.pipeline(dispatch.source, label: step.node)
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

    private func buffer(_ ref: ExecutionPlan.BufferRef, constants: (String, Tensor) throws -> Buffer) throws -> Buffer {
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

    func run(_ feeds: [String: Tensor]) async throws -> [String: Tensor] {
        let device = context.device
        // A run that failed may have left re-mappings in flight.
        for remap in remaps { _ = try? await remap.value }
        remaps = []
        let encoder = device.createCommandEncoder(label: "inference")
        for (name, buffer) in inputBuffers {
            guard let feed = feeds[name] else { continue }
            if let upload = uploads[name] {
                // Mapped again after each run; a run that failed before that left it unmapped.
                if upload.mapState != .mapped { try await upload.mapAsync(.write) }
                if case .float32(let values) = feed.storage { try upload.writeMapped(values) } else { try upload.writeMapped(feed.gpuWords) }
                upload.unmap()
                encoder.copyBufferToBuffer(upload, to: buffer, size: buffer.size)
            } else if case .float32(let values) = feed.storage, !values.isEmpty {
                device.queue.writeBuffer(buffer, values)
            } else {
                device.queue.writeBuffer(buffer, feed.gpuWords.isEmpty ? [UInt32(0)] : feed.gpuWords)
            }
        }
        device.pushErrorScope(.validation)
        if !steps.isEmpty {
            let pass = encoder.beginComputePass(label: "inference")
            for step in steps {
                pass.setPipeline(step.pipeline)
                pass.setBindGroup(0, step.bindGroup)
                pass.dispatchWorkgroups(UInt32(step.workgroups.0), UInt32(step.workgroups.1), UInt32(step.workgroups.2))
            }
            pass.end()
        }
        for output in plan.outputs {
            guard case .buffer(let ref) = output.source, let readback = readbacks[output.name] else { continue }
            let source = try buffer(ref) { name, _ in throw ONNXError.invalidGraph("constant '\(name)' as output") }
            encoder.copyBufferToBuffer(source, to: readback, size: readback.size)
        }
        device.queue.submit([try encoder.finish()])
        if let error = try device.popErrorScope() { throw ONNXError.gpu("running: \(error.message)") }
        // Re-map the staging buffers while the GPU works, ready for the next run.
        remaps = uploads.values.map { upload in Task { try await upload.mapAsync(.write) } }

        var results: [String: Tensor] = [:]
        for output in plan.outputs {
            switch output.source {
            case .constant(let tensor): results[output.name] = tensor
            case .feed(let name): results[output.name] = feeds[name]?.reshaped(output.info.shape)
            case .buffer:
                guard let readback = readbacks[output.name] else { continue }
                try await readback.mapAsync(.read)
                if output.info.type == .float32 {
                    let values = try readback.readMapped(as: Float.self, count: output.info.count)
                    readback.unmap()
                    results[output.name] = Tensor(shape: output.info.shape, floats: values)
                } else {
                    let words = try readback.readMapped(as: UInt32.self, count: output.info.count)
                    readback.unmap()
                    results[output.name] = Tensor(type: output.info.type, shape: output.info.shape, gpuWords: words)
                }
            }
        }
        for remap in remaps { try await remap.value }
        remaps = []
        return results
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
            queue.submit([try encoder.finish()])
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
