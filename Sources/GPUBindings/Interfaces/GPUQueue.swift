import JavaScript
import WebGPU

/// GPUQueue (WebGPU §19): submit, writeBuffer, onSubmittedWorkDone.
final class GPUQueueImpl: GPUObjectImpl {
    let device: GPUDeviceImpl
    var queue: Queue { device.device.queue }

    init(device: GPUDeviceImpl) {
        self.device = device
        super.init(label: nil)
    }
}

extension GPURegistry {
    func defineGPUQueue(_ ctx: JSContext) throws -> NativeClass<GPUQueueImpl> {
        try ctx.defineClass("GPUQueue", payload: GPUQueueImpl.self) { b in
            b.labelAttribute()
            b.method("submit", length: 1) { ctx, queue, args in
                let context = "Failed to execute 'submit' on 'GPUQueue'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let buffers = try WebIDLValues.sequence(args[0], "\(context): commandBuffers") { value, what in
                    try self.commandBuffer.unwrap(value, what())
                }
                // Device-timeline validation (WebGPU §19.2 submit) done here, because wgpu-native aborts the
                // process on an invalid submit: nothing runs if any command buffer is invalid or uses a mapped
                // or destroyed buffer.
                if let problem = Self.submitProblem(buffers) {
                    queue.device.report(WebGPU.GPUError(.validation, "GPUQueue.submit: \(problem)"))
                    return ctx.undefined
                }
                queue.device.catchingErrors { queue.queue.submit(buffers.compactMap(\.commandBuffer)) }.1
                    .map { queue.device.report($0) }
                return ctx.undefined
            }
            b.method("writeBuffer", length: 3) { ctx, queue, args in
                try self.writeBuffer(queue, args)
                return ctx.undefined
            }
            b.promiseMethod("onSubmittedWorkDone", registry: self) { _, queue, _ in
                let swiftQueue = queue.queue
                return try self.promise(reportingTo: { swiftQueue.onSubmittedWorkDone(then: $0) }) { ctx, _ in ctx.undefined }
            }
        }
    }

    private static func submitProblem(_ commandBuffers: [GPUCommandBufferImpl]) -> String? {
        for (index, commandBuffer) in commandBuffers.enumerated() {
            guard commandBuffer.commandBuffer != nil else { return "command buffer \(index) is invalid (its finish() failed)" }
            for buffer in commandBuffer.buffers {
                let name = buffer.label.isEmpty ? "a buffer" : "buffer '\(buffer.label)'"
                if buffer.isDestroyed { return "command buffer \(index) uses \(name), which is destroyed" }
                if buffer.mapState != "unmapped" { return "command buffer \(index) uses \(name) while it is \(buffer.mapState)" }
            }
        }
        return nil
    }

    /// `writeBuffer(buffer, bufferOffset, data, dataOffset = 0, size)`: `dataOffset` and `size` count elements of
    /// a typed array, bytes of an ArrayBuffer or DataView (WebGPU §19.2). Range errors are content-timeline
    /// OperationErrors; offset alignment and buffer bounds are device-timeline validation errors.
    private func writeBuffer(_ queue: GPUQueueImpl, _ args: JSArguments) throws {
        let context = "Failed to execute 'writeBuffer' on 'GPUQueue'"
        if args.count < 3 { throw JSError.typeError("\(context): 3 arguments required, but only \(args.count) present.") }
        let target = try buffer.unwrap(args[0], "\(context): parameter 1")
        let bufferOffset = try WebIDLNumbers.unsignedLongLong(args[1], "\(context): bufferOffset")
        let data = args[2]
        guard data.isBufferSource else {
            throw JSError.typeError("\(context): parameter 3 is not of type 'ArrayBuffer' or 'ArrayBufferView'.")
        }
        let dataOffset = try args.optional(3).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): dataOffset") } ?? 0
        let size = try args.optional(4).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): size") }
        let elementSize = data.isTypedArray ? UInt64(try data.get("BYTES_PER_ELEMENT").toDouble()) : 1
        try data.withBytes { bytes in
            let elementCount = UInt64(bytes.count) / elementSize
            guard dataOffset <= elementCount else {
                throw JSError.domException("OperationError", "\(context): dataOffset \(dataOffset) is past the end of data (\(elementCount) elements).")
            }
            let contentCount = size ?? (elementCount - dataOffset)
            guard contentCount <= elementCount - dataOffset else {
                throw JSError.domException("OperationError", "\(context): dataOffset \(dataOffset) + size \(contentCount) exceeds data (\(elementCount) elements).")
            }
            let byteCount = contentCount * elementSize
            guard byteCount % 4 == 0 else {
                throw JSError.domException("OperationError", "\(context): the written size (\(byteCount) bytes) is not a multiple of 4.")
            }
            let start = Int(dataOffset * elementSize)
            let slice = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<(start + Int(byteCount))])
            queue.queue.writeBuffer(target.buffer, offset: bufferOffset, data: slice)
        }
    }
}
