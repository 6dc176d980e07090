import CJavaScriptCore
import JavaScript
import WebGPU

/// GPUComputePassEncoder (WebGPU §14.1): pipeline and bind group state, dispatches, `end()`.
final class GPUComputePassEncoderImpl: GPUObjectImpl {
    let pass: ComputePassEncoder
    /// The encoder the pass records into (it collects the buffers the pass uses).
    let encoder: GPUCommandEncoderImpl

    init(_ pass: ComputePassEncoder, encoder: GPUCommandEncoderImpl, label: String?) {
        self.pass = pass
        self.encoder = encoder
        super.init(label: label)
    }
}

extension GPURegistry {
    func defineGPUComputePassEncoder(_ ctx: JSContext) throws -> NativeClass<GPUComputePassEncoderImpl> {
        try ctx.defineClass("GPUComputePassEncoder", payload: GPUComputePassEncoderImpl.self) { b in
            b.labelAttribute()
            b.method("setPipeline", length: 1) { ctx, pass, args in
                let pipeline = try self.computePipeline.unwrap(args[0], "Failed to execute 'setPipeline' on 'GPUComputePassEncoder': parameter 1")
                pass.pass.setPipeline(pipeline.pipeline)
                return ctx.undefined
            }
            b.method("setBindGroup", length: 2) { ctx, pass, args in
                try self.setBindGroup(pass, args)
                return ctx.undefined
            }
            b.method("dispatchWorkgroups", length: 1) { ctx, pass, args in
                let context = "Failed to execute 'dispatchWorkgroups' on 'GPUComputePassEncoder'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let count = { (index: Int, name: String) throws -> UInt32 in
                    try args.optional(index).map { try WebIDLNumbers.unsignedLong($0, "\(context): \(name)") } ?? 1
                }
                let x = try WebIDLNumbers.unsignedLong(args[0], "\(context): workgroupCountX")
                pass.pass.dispatchWorkgroups(x, try count(1, "workgroupCountY"),
                                             try count(2, "workgroupCountZ"))
                return ctx.undefined
            }
            b.method("dispatchWorkgroupsIndirect", length: 2) { ctx, pass, args in
                let context = "Failed to execute 'dispatchWorkgroupsIndirect' on 'GPUComputePassEncoder'"
                if args.count < 2 { throw JSError.typeError("\(context): 2 arguments required, but only \(args.count) present.") }
                let indirect = try self.buffer.unwrap(args[0], "\(context): parameter 1")
                let offset = try WebIDLNumbers.unsignedLongLong(args[1], "\(context): indirectOffset")
                pass.encoder.buffers.append(indirect)
                pass.pass.dispatchWorkgroupsIndirect(indirect.buffer, offset: offset)
                return ctx.undefined
            }
            GPUDebugCommandsMixin.install(into: &b, interface: "GPUComputePassEncoder") { $0.pass }
            b.method("end") { ctx, pass, _ in
                pass.pass.end()
                return ctx.undefined
            }
        }
    }

    /// `setBindGroup(index, bindGroup, dynamicOffsets = [])` or
    /// `setBindGroup(index, bindGroup, dynamicOffsetsData: Uint32Array, dataStart, dataLength)`;
    /// a slice outside the Uint32Array is a RangeError (content timeline).
    private func setBindGroup(_ pass: GPUComputePassEncoderImpl, _ args: JSArguments) throws {
        let context = "Failed to execute 'setBindGroup' on 'GPUComputePassEncoder'"
        if args.count < 2 { throw JSError.typeError("\(context): 2 arguments required, but only \(args.count) present.") }
        let index = try WebIDLNumbers.unsignedLong(args[0], "\(context): index")
        let group = args[1].isNull ? nil : try bindGroup.unwrap(args[1], "\(context): parameter 2")
        var offsets: [UInt32] = []
        if args.count > 2, !args[2].isUndefined {
            let data = args[2]
            if data.typedArrayType == kJSTypedArrayTypeUint32Array {
                if args.count < 5 { throw JSError.typeError("\(context): 5 arguments required with a Uint32Array, but only \(args.count) present.") }
                let start = try WebIDLNumbers.unsignedLongLong(args[3], "\(context): dynamicOffsetsDataStart")
                let length = try WebIDLNumbers.unsignedLong(args[4], "\(context): dynamicOffsetsDataLength")
                offsets = try data.withBytes { bytes in
                    let words = bytes.bindMemory(to: UInt32.self)
                    guard start <= UInt64(words.count), UInt64(length) <= UInt64(words.count) - start else {
                        throw JSError.rangeError("\(context): dynamicOffsetsDataStart \(start) + dynamicOffsetsDataLength \(length) exceeds the array length \(words.count).")
                    }
                    return Array(words[Int(start)..<(Int(start) + Int(length))])
                }
            } else {
                offsets = try WebIDLValues.sequence(data, "\(context): dynamicOffsets") { value, what in
                    try WebIDLNumbers.unsignedLong(value, what())
                }
            }
        }
        if let group { pass.encoder.buffers += group.buffers }
        pass.pass.setBindGroup(index, group?.group, dynamicOffsets: offsets)
    }
}
