import JavaScript
import WebGPU

/// GPUCommandEncoder (WebGPU §13.1): compute passes, buffer copies and clears, query resolution, debug groups,
/// `finish()`. Encoding errors are device-timeline errors: wgpu reports them to the device, not as exceptions.
final class GPUCommandEncoderImpl: GPUObjectImpl {
    let encoder: CommandEncoder
    let device: GPUDeviceImpl
    /// Every buffer the commands touch, for the checks at submit.
    var buffers: [GPUBufferImpl] = []

    init(_ encoder: CommandEncoder, device: GPUDeviceImpl, label: String?) {
        self.encoder = encoder
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createCommandEncoder(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let d = try WebIDLDictionary(args[0], name: "GPUCommandEncoderDescriptor",
                                     context: "Failed to execute 'createCommandEncoder' on 'GPUDevice'")
        let label = try d.string("label")
        return commandEncoder.wrap(GPUCommandEncoderImpl(device.device.createCommandEncoder(label: label), device: device, label: label))
    }

    func defineGPUCommandEncoder(_ ctx: JSContext) throws -> NativeClass<GPUCommandEncoderImpl> {
        try ctx.defineClass("GPUCommandEncoder", payload: GPUCommandEncoderImpl.self) { b in
            b.labelAttribute()
            b.method("beginComputePass", length: 0) { _, encoder, args in
                let context = "Failed to execute 'beginComputePass' on 'GPUCommandEncoder'"
                let d = try WebIDLDictionary(args[0], name: "GPUComputePassDescriptor", context: context)
                let label = try d.string("label")
                let timestampWrites = try d.optional("timestampWrites").map { value in
                    let writes = try WebIDLDictionary(value, name: "GPUComputePassTimestampWrites", context: d.member("timestampWrites"))
                    return ComputePassTimestampWrites(
                        querySet: try self.querySet.unwrap(writes.required("querySet"), writes.member("querySet")).querySet,
                        beginningOfPassWriteIndex: try writes.u32("beginningOfPassWriteIndex"),
                        endOfPassWriteIndex: try writes.u32("endOfPassWriteIndex"))
                }
                let pass = encoder.encoder.beginComputePass(label: label, timestampWrites: timestampWrites)
                return self.computePassEncoder.wrap(GPUComputePassEncoderImpl(pass, encoder: encoder, label: label))
            }
            b.method("copyBufferToBuffer", length: 3) { ctx, encoder, args in
                try self.copyBufferToBuffer(encoder, args)
                return ctx.undefined
            }
            b.method("clearBuffer", length: 1) { ctx, encoder, args in
                let context = "Failed to execute 'clearBuffer' on 'GPUCommandEncoder'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let target = try self.buffer.unwrap(args[0], "\(context): parameter 1")
                let offset = try args.optional(1).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): offset") } ?? 0
                let size = try args.optional(2).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): size") }
                encoder.buffers.append(target)
                encoder.encoder.clearBuffer(target.buffer, offset: offset, size: size)
                return ctx.undefined
            }
            b.method("resolveQuerySet", length: 5) { ctx, encoder, args in
                let context = "Failed to execute 'resolveQuerySet' on 'GPUCommandEncoder'"
                if args.count < 5 { throw JSError.typeError("\(context): 5 arguments required, but only \(args.count) present.") }
                let set = try self.querySet.unwrap(args[0], "\(context): parameter 1")
                let first = try WebIDLNumbers.unsignedLong(args[1], "\(context): firstQuery")
                let count = try WebIDLNumbers.unsignedLong(args[2], "\(context): queryCount")
                let destination = try self.buffer.unwrap(args[3], "\(context): parameter 4")
                let offset = try WebIDLNumbers.unsignedLongLong(args[4], "\(context): destinationOffset")
                encoder.buffers.append(destination)
                encoder.encoder.resolveQuerySet(set.querySet, firstQuery: first, queryCount: count,
                                                destination: destination.buffer, destinationOffset: offset)
                return ctx.undefined
            }
            GPUDebugCommandsMixin.install(into: &b, interface: "GPUCommandEncoder") { $0.encoder }
            b.method("finish", length: 0) { _, encoder, args in
                let d = try WebIDLDictionary(args[0], name: "GPUCommandBufferDescriptor",
                                             context: "Failed to execute 'finish' on 'GPUCommandEncoder'")
                let label = try d.string("label")
                // A failed finish is a device-timeline error; JS gets an invalid command buffer, which submit
                // refuses (wgpu-native aborts the process when an invalid command buffer is submitted).
                let (finished, error) = encoder.device.catchingErrors { try? encoder.encoder.finish(label: label) }
                if let error { encoder.device.report(error) }
                return self.commandBuffer.wrap(GPUCommandBufferImpl(error == nil ? finished : nil, buffers: encoder.buffers, label: label))
            }
        }
    }

    /// Both overloads: `(source, sourceOffset, destination, destinationOffset, size)` and
    /// `(source, destination, size?)` (whole-buffer offsets 0; size defaults to the rest of the source).
    private func copyBufferToBuffer(_ encoder: GPUCommandEncoderImpl, _ args: JSArguments) throws {
        let context = "Failed to execute 'copyBufferToBuffer' on 'GPUCommandEncoder'"
        if args.count < 2 { throw JSError.typeError("\(context): 2 arguments required, but only \(args.count) present.") }
        let source = try buffer.unwrap(args[0], "\(context): parameter 1")
        if let destination = buffer.payload(of: args[1]) {
            let size = try args.optional(2).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): size") } ?? source.buffer.size
            encoder.buffers += [source, destination]
            encoder.encoder.copyBufferToBuffer(source.buffer, to: destination.buffer, size: size)
            return
        }
        if args.count < 5 { throw JSError.typeError("\(context): 5 arguments required, but only \(args.count) present.") }
        let sourceOffset = try WebIDLNumbers.unsignedLongLong(args[1], "\(context): sourceOffset")
        let destination = try buffer.unwrap(args[2], "\(context): parameter 3")
        let destinationOffset = try WebIDLNumbers.unsignedLongLong(args[3], "\(context): destinationOffset")
        let size = try WebIDLNumbers.unsignedLongLong(args[4], "\(context): size")
        encoder.buffers += [source, destination]
        encoder.encoder.copyBufferToBuffer(source.buffer, sourceOffset: sourceOffset, to: destination.buffer,
                                           destinationOffset: destinationOffset, size: size)
    }
}
