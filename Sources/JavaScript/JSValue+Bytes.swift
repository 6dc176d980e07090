import CJavaScriptCore
import Foundation

// ArrayBuffer and typed arrays, without copying where the C API allows.
//
// Detaching: the C API cannot detach a buffer. `detach()` calls ES2024 `ArrayBuffer.prototype.transfer(0)`
// (JavaScriptCore ≥ 2.44; Kiln runs 2.50), which detaches the source and hands its contents to a new empty
// buffer, so a no-copy buffer's deallocator runs once the old contents are dropped. JSC pins a buffer whose
// bytes were read through the C API (JSObjectGet*BytesPtr); `transfer` then copies instead of moving, so
// detach() checks `detached` afterwards and reports failure instead of pretending.
extension JSContext {
    /// An ArrayBuffer over memory Swift owns. `deallocate` runs (on the isolate thread, or whichever thread
    /// the GC finalizes on) once JS no longer references the buffer or it is detached.
    public func arrayBuffer(bytesNoCopy bytes: UnsafeMutableRawPointer, count: Int,
                            deallocate: @escaping (UnsafeMutableRawPointer) -> Void) throws -> JSValue {
        let box = Unmanaged.passRetained(DeallocatorBox(deallocate)).toOpaque()
        let buffer = try check { exception in
            JSObjectMakeArrayBufferWithBytesNoCopy(ref, bytes, count, { bytes, context in
                guard let context else { return }
                let box = Unmanaged<DeallocatorBox>.fromOpaque(context).takeRetainedValue()
                if let bytes { box.deallocate(bytes) }
            }, box, exception)
        }
        guard let buffer else {
            Unmanaged<DeallocatorBox>.fromOpaque(box).release()
            throw JSError.rangeError("could not create an ArrayBuffer of \(count) bytes")
        }
        return JSValue(self, buffer)
    }

    /// An ArrayBuffer holding a copy of `bytes` (one copy into memory the buffer then owns).
    public func arrayBuffer(copying bytes: UnsafeRawBufferPointer) throws -> JSValue {
        let storage = malloc(max(bytes.count, 1))!
        if let base = bytes.baseAddress, bytes.count > 0 { storage.copyMemory(from: base, byteCount: bytes.count) }
        return try arrayBuffer(bytesNoCopy: storage, count: bytes.count) { free($0) }
    }

    public func arrayBuffer(_ bytes: some Collection<UInt8>) throws -> JSValue {
        try Array(bytes).withUnsafeBytes { try arrayBuffer(copying: $0) }
    }

    /// A typed array view (`new Uint8Array(buffer, byteOffset, length)` etc.) over an ArrayBuffer.
    public func typedArray(_ type: JSTypedArrayType, buffer: JSValue, byteOffset: Int = 0,
                           length: Int? = nil) throws -> JSValue {
        let bufferObject = try buffer.objectRef()
        let elementSize = JSValue.elementSize(type)
        let byteLength = try buffer.get("byteLength").toDouble()
        let count = length ?? max(0, (Int(byteLength) - byteOffset) / elementSize)
        let view = try check {
            JSObjectMakeTypedArrayWithArrayBufferAndOffset(ref, type, bufferObject, byteOffset, count, $0)
        }
        return JSValue(self, view!)
    }

    /// A Uint8Array holding a copy of `bytes`.
    public func uint8Array(_ bytes: some Collection<UInt8>) throws -> JSValue {
        try typedArray(kJSTypedArrayTypeUint8Array, buffer: arrayBuffer(bytes))
    }
}

extension JSValue {
    /// The typed array kind: kJSTypedArrayTypeArrayBuffer for ArrayBuffers, kJSTypedArrayTypeNone for others
    /// (including DataView and Float16Array, which the C API has no constant for).
    public var typedArrayType: JSTypedArrayType {
        (try? context.check { JSValueGetTypedArrayType(ctx, ref, $0) }) ?? kJSTypedArrayTypeNone
    }

    public var isArrayBuffer: Bool { typedArrayType == kJSTypedArrayTypeArrayBuffer }
    /// A typed array, including kinds the C API has no constant for (Float16Array), which it reports as none.
    public var isTypedArray: Bool {
        switch typedArrayType {
        case kJSTypedArrayTypeArrayBuffer: return false
        case kJSTypedArrayTypeNone: return isUntypedView && !isDataView
        default: return true
        }
    }
    public var isDataView: Bool {
        isObject && (try? context.helper("v => v instanceof DataView").call([self]).toBool()) == true
    }
    /// An ArrayBuffer, typed array or DataView.
    public var isBufferSource: Bool {
        let type = typedArrayType
        return type != kJSTypedArrayTypeNone || isUntypedView
    }

    /// An ArrayBuffer view the C API reports as no typed array: a DataView or a Float16Array.
    private var isUntypedView: Bool {
        isObject && (try? context.helper("v => ArrayBuffer.isView(v)").call([self]).toBool()) == true
    }

    /// Calls `body` with the bytes of an ArrayBuffer, typed array or DataView, in place (no copy). The pointer is
    /// valid only inside `body`, and only while no JS runs that could detach or resize the buffer.
    public func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) throws -> R {
        let object = try objectRef()
        switch typedArrayType {
        case kJSTypedArrayTypeArrayBuffer:
            let length = try context.check { JSObjectGetArrayBufferByteLength(ctx, object, $0) }
            let base = try context.check { JSObjectGetArrayBufferBytesPtr(ctx, object, $0) }
            return try body(UnsafeMutableRawBufferPointer(start: length == 0 ? nil : base, count: length))
        case kJSTypedArrayTypeNone:
            guard isUntypedView else { throw JSError.typeError("\(describeType()) is not an ArrayBuffer or view") }
            let offset = try Int(get("byteOffset").toDouble())
            let length = try Int(get("byteLength").toDouble())
            return try get("buffer").withBytes { whole in
                try body(UnsafeMutableRawBufferPointer(rebasing: whole[offset..<(offset + length)]))
            }
        default:
            let offset = try context.check { JSObjectGetTypedArrayByteOffset(ctx, object, $0) }
            let length = try context.check { JSObjectGetTypedArrayByteLength(ctx, object, $0) }
            let base = try context.check { JSObjectGetTypedArrayBytesPtr(ctx, object, $0) }
            return try body(UnsafeMutableRawBufferPointer(start: length == 0 ? nil : base.map { $0 + offset },
                                                          count: length))
        }
    }

    /// A copy of the bytes of an ArrayBuffer, typed array or DataView.
    public func bytes() throws -> [UInt8] { try withBytes { Array($0) } }

    /// Detaches an ArrayBuffer (see the note at the top of this file). Throws if the engine could not detach it.
    public func detach() throws {
        guard isArrayBuffer else { throw JSError.typeError("\(describeType()) is not an ArrayBuffer") }
        // One call into JS rather than three C-API lookups and calls: every GPUBuffer.unmap() comes here.
        let detached = try context.helper("(buffer) => { buffer.transfer(0); return buffer.detached; }").call([self])
        guard detached.toBool() else {
            throw JSError.typeError("the ArrayBuffer is pinned by the engine and cannot be detached")
        }
    }

    static func elementSize(_ type: JSTypedArrayType) -> Int {
        switch type {
        case kJSTypedArrayTypeInt16Array, kJSTypedArrayTypeUint16Array: return 2
        case kJSTypedArrayTypeInt32Array, kJSTypedArrayTypeUint32Array, kJSTypedArrayTypeFloat32Array: return 4
        case kJSTypedArrayTypeFloat64Array, kJSTypedArrayTypeBigInt64Array, kJSTypedArrayTypeBigUint64Array: return 8
        default: return 1
        }
    }
}

/// Carries a Swift deallocator through JSC's C callback.
private final class DeallocatorBox {
    let deallocate: (UnsafeMutableRawPointer) -> Void
    init(_ deallocate: @escaping (UnsafeMutableRawPointer) -> Void) { self.deallocate = deallocate }
}
