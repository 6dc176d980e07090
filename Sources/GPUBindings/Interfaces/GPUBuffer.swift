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
    var isDestroyed = false

    private struct MappedRange {
        let arrayBuffer: JSValue
        let copy: UnsafeMutableRawPointer
        let mapped: UnsafeMutableRawBufferPointer
    }

    init(_ buffer: Buffer, device: GPUDeviceImpl, label: String?, mappedAtCreation: Bool) {
        self.buffer = buffer
        self.device = device
        writeBack = mappedAtCreation
        isMapped = mappedAtCreation
        super.init(label: label)
        if mappedAtCreation { device.mappedBuffers.add(self) }
    }

    /// The pending mapAsync promise. Kept here, on the isolate thread, because the Swift map starts on a task:
    /// `mapState` must read "pending" and a second mapAsync must fail as soon as mapAsync returns.
    private var pendingMap: JSPromiseResolver?
    /// Bumped by every mapAsync and every abort, so a map that finishes after an unmap() is undone, not reported.
    private var mapGeneration = 0

    /// Whether JS sees the buffer mapped: set when a current mapAsync resolves (or at creation), cleared by
    /// unmap(). The Swift buffer can briefly be mapped by a map that unmap() already aborted.
    private var isMapped: Bool

    var mapState: String {
        if pendingMap != nil { return "pending" }
        return isMapped ? "mapped" : "unmapped"
    }

    func mapAsync(_ ctx: JSContext, _ registry: GPURegistry, mode: UInt32, offset: UInt64, size: UInt64?) throws -> JSValue {
        guard pendingMap == nil else {
            throw JSError.domException("OperationError", "mapAsync: the buffer already has a pending map")
        }
        let (promise, resolver) = try ctx.makePromise()
        pendingMap = resolver
        mapGeneration += 1
        let generation = mapGeneration
        device.mappedBuffers.add(self)
        let buffer = self.buffer
        let mapMode = MapMode(rawValue: UInt64(mode))
        let isolate = ctx.isolate
        // Straight from the event pump to the isolate: a Swift task in between would add a thread wake-up to
        // every map, the hot path of any read-back loop.
        buffer.mapAsync(mapMode, offset: offset, size: size) { result in
            isolate.enqueue { _ in self.finishMap(generation, mode: mapMode, result, registry) }
        }
        return promise
    }

    private func finishMap(_ generation: Int, mode: MapMode, _ result: Result<Void, Error>, _ registry: GPURegistry) {
        guard generation == mapGeneration, let resolver = pendingMap else {
            if case .success = result { buffer.unmap() }  // aborted by unmap()/destroy() while wgpu was mapping
            return
        }
        pendingMap = nil
        switch result {
        case .success:
            isMapped = true
            writeBack = mode == .write
            resolver.resolve(registry.context.undefined)
        case .failure(let error):
            device.mappedBuffers.remove(self)
            resolver.reject(registry.jsError(error))
        }
    }

    func getMappedRange(_ ctx: JSContext, offset: UInt64, size: UInt64?) throws -> JSValue {
        guard isMapped else { throw JSError.domException("OperationError", "getMappedRange: the buffer is not mapped") }
        let mapped = try buffer.getMappedRange(offset: offset, size: size)
        let copy = malloc(max(mapped.count, 1))!
        if let base = mapped.baseAddress { copy.copyMemory(from: base, byteCount: mapped.count) }
        let arrayBuffer = try ctx.arrayBuffer(bytesNoCopy: copy, count: mapped.count) { free($0) }
        ranges.append(MappedRange(arrayBuffer: arrayBuffer, copy: copy, mapped: mapped))
        return arrayBuffer
    }

    /// Ends the mapping: writes WRITE ranges back, detaches every handed-out ArrayBuffer, unmaps (a pending map
    /// then rejects with AbortError). Isolate thread only.
    func unmapAll() {
        if let pending = pendingMap {
            pendingMap = nil
            mapGeneration += 1
            pending.reject(JSError.domException("AbortError", "mapAsync: unmap() was called before the mapping finished"))
        }
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
        isMapped = false
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
        let size = try WebIDLNumbers.unsignedLongLong(d.required("size"), d.member("size"))
        let usage = try WebIDLNumbers.unsignedLong(d.required("usage"), d.member("usage"))
        let mappedAtCreation = try d.bool("mappedAtCreation") ?? false
        let descriptor = BufferDescriptor(label: label, size: size, usage: BufferUsage(rawValue: UInt64(usage)),
                                          mappedAtCreation: mappedAtCreation)
        do {
            let created = try device.device.createBuffer(descriptor)
            GarbageCollectionHint.report(size, in: self.context)
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
            b.getter("mapState") { ctx, buffer in ctx.string(buffer.mapState) }
            b.promiseMethod("mapAsync", length: 1, registry: self) { ctx, buffer, args in
                let context = "Failed to execute 'mapAsync' on 'GPUBuffer'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let mode = try WebIDLNumbers.unsignedLong(args[0], "\(context): mode")
                let offset = try args.optional(1).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): offset") } ?? 0
                let size = try args.optional(2).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): size") }
                return try buffer.mapAsync(ctx, self, mode: mode, offset: offset, size: size)
            }
            b.method("getMappedRange", length: 0) { ctx, buffer, args in
                let context = "Failed to execute 'getMappedRange' on 'GPUBuffer'"
                let offset = try args.optional(0).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): offset") } ?? 0
                let size = try args.optional(1).map { try WebIDLNumbers.unsignedLongLong($0, "\(context): size") }
                do {
                    return try buffer.getMappedRange(ctx, offset: offset, size: size)
                } catch {
                    throw self.jsError(error)
                }
            }
            b.method("unmap") { ctx, buffer, _ in
                buffer.unmapAll()
                return ctx.undefined
            }
            b.method("destroy") { ctx, buffer, _ in
                buffer.unmapAll()
                buffer.isDestroyed = true
                buffer.buffer.destroy()
                return ctx.undefined
            }
        }
    }
}
