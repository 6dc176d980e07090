import Foundation
import JavaScript
import WebGPU

/// GPUBuffer (WebGPU §5.1). Mapped ranges reach JS as ArrayBuffers over Kiln-owned copies of the mapped bytes
/// (one memcpy each way): `unmap()`/`destroy()` writes WRITE mappings back and then detaches every ArrayBuffer,
/// so JS can never touch memory wgpu has unmapped, even if the engine refused to detach a buffer.
final class GPUBufferImpl: GPUObjectImpl {
    let buffer: Buffer
    let device: GPUDeviceImpl
    /// True while the current mapping must be written back on unmap (MAP_WRITE or mappedAtCreation).
    private var writeBack: Bool
    private var ranges: [MappedRange] = []

    private struct MappedRange {
        let arrayBuffer: JSValue
        let copy: UnsafeMutableRawPointer
        let mapped: UnsafeMutableRawBufferPointer
    }

    init(_ buffer: Buffer, device: GPUDeviceImpl, label: String?, mappedAtCreation: Bool) {
        self.buffer = buffer
        self.device = device
        writeBack = mappedAtCreation
        super.init(label: label)
        if mappedAtCreation { device.mappedBuffers.add(self) }
    }

    func mapAsync(_ registry: GPURegistry, mode: UInt32, offset: UInt64, size: UInt64?) throws -> JSValue {
        let buffer = self.buffer
        let mapMode = MapMode(rawValue: UInt64(mode))
        if buffer.mapState == .unmapped { device.mappedBuffers.add(self) }
        return try registry.promise({ try await buffer.mapAsync(mapMode, offset: offset, size: size) }) { ctx, _ in
            self.writeBack = mapMode == .write
            return ctx.undefined
        }
    }

    func getMappedRange(_ ctx: JSContext, offset: UInt64, size: UInt64?) throws -> JSValue {
        let mapped = try buffer.getMappedRange(offset: offset, size: size)
        let copy = malloc(max(mapped.count, 1))!
        if let base = mapped.baseAddress { copy.copyMemory(from: base, byteCount: mapped.count) }
        let arrayBuffer = try ctx.arrayBuffer(bytesNoCopy: copy, count: mapped.count) { free($0) }
        ranges.append(MappedRange(arrayBuffer: arrayBuffer, copy: copy, mapped: mapped))
        return arrayBuffer
    }

    /// Ends the mapping: writes WRITE ranges back, detaches every handed-out ArrayBuffer, unmaps (a pending map
    /// then rejects with AbortError). Isolate thread only.
    func unmapAll() throws {
        let handedOut = ranges
        ranges = []
        for range in handedOut {
            if writeBack, let base = range.mapped.baseAddress {
                base.copyMemory(from: range.copy, byteCount: range.mapped.count)
            }
            // A detach the engine refuses leaves JS with its private copy, never with wgpu's memory.
            try? range.arrayBuffer.detach()
        }
        writeBack = false
        buffer.unmap()
        device.mappedBuffers.remove(self)
    }
}

extension GPURegistry {
    func createBuffer(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createBuffer' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUBufferDescriptor", context: context)
        let label = try d.string("label")
        let size = try WebIDLNumbers.unsignedLongLong(d.required("size"), enforceRange: true, d.member("size"))
        let usage = try WebIDLNumbers.unsignedLong(d.required("usage"), enforceRange: true, d.member("usage"))
        let mappedAtCreation = try d.bool("mappedAtCreation") ?? false
        let descriptor = BufferDescriptor(label: label, size: size, usage: BufferUsage(rawValue: UInt64(usage)),
                                          mappedAtCreation: mappedAtCreation)
        do {
            let created = try device.device.createBuffer(descriptor)
            return buffer.wrap(GPUBufferImpl(created, device: device, label: label, mappedAtCreation: mappedAtCreation))
        } catch {
            throw jsError(error)
        }
    }

    func defineGPUBuffer(_ ctx: JSContext) throws -> NativeClass<GPUBufferImpl> {
        try ctx.defineClass("GPUBuffer", payload: GPUBufferImpl.self) { b in
            b.labelAttribute()
            b.getter("size") { ctx, buffer in ctx.number(Double(buffer.buffer.size)) }
            b.getter("usage") { ctx, buffer in ctx.number(Double(buffer.buffer.usage.rawValue)) }
            b.getter("mapState") { ctx, buffer in ctx.string(buffer.buffer.mapState.rawValue) }
            b.method("mapAsync", length: 1) { ctx, buffer, args in
                let context = "Failed to execute 'mapAsync' on 'GPUBuffer'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let mode = try WebIDLNumbers.unsignedLong(args[0], enforceRange: true, "\(context): mode")
                let offset = args.count > 1 && !args[1].isUndefined
                    ? try WebIDLNumbers.unsignedLongLong(args[1], enforceRange: true, "\(context): offset") : 0
                let size = args.count > 2 && !args[2].isUndefined
                    ? try WebIDLNumbers.unsignedLongLong(args[2], enforceRange: true, "\(context): size") : nil
                do {
                    return try buffer.mapAsync(self, mode: mode, offset: offset, size: size)
                } catch {
                    return try ctx.rejectedPromise(self.jsError(error))
                }
            }
            b.method("getMappedRange", length: 0) { ctx, buffer, args in
                let context = "Failed to execute 'getMappedRange' on 'GPUBuffer'"
                let offset = !args[0].isUndefined
                    ? try WebIDLNumbers.unsignedLongLong(args[0], enforceRange: true, "\(context): offset") : 0
                let size = args.count > 1 && !args[1].isUndefined
                    ? try WebIDLNumbers.unsignedLongLong(args[1], enforceRange: true, "\(context): size") : nil
                do {
                    return try buffer.getMappedRange(ctx, offset: offset, size: size)
                } catch {
                    throw self.jsError(error)
                }
            }
            b.method("unmap") { ctx, buffer, _ in
                try buffer.unmapAll()
                return ctx.undefined
            }
            b.method("destroy") { ctx, buffer, _ in
                try buffer.unmapAll()
                buffer.buffer.destroy()
                return ctx.undefined
            }
        }
    }
}
