import Foundation
import JavaScript
import ONNX

/// Moves tensors between JS typed arrays and `ONNX.Tensor`: float32 ⇄ Float32Array, float16 ⇄ Uint16Array
/// (the values' bit patterns; onnx-module.js views them as a Float16Array where the engine has one),
/// int64 ⇄ BigInt64Array, int32 ⇄ Int32Array, bool ⇄ Uint8Array (onnxruntime-web's choices).
enum OnnxTensorBridge {
    /// Reads one feed; the JS `Tensor` constructor has already checked that `data` fits `dims`.
    static func tensor(type: String, dims: [Int], data: JSValue, name: String) throws -> ONNX.Tensor {
        guard dims.allSatisfy({ $0 >= 0 }) else { throw OnnxModuleError.type("input '\(name)': dims must be non-negative") }
        let count = dims.reduce(1, *)
        let bytes = try data.bytes()
        func values<T>(_: T.Type) throws -> [T] {
            guard bytes.count == count * MemoryLayout<T>.size else {
                throw OnnxModuleError.type("input '\(name)': \(bytes.count) data bytes for dims \(dims) of \(type)")
            }
            return bytes.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
        }
        switch type {
        case "float32": return ONNX.Tensor(shape: dims, floats: try values(Float.self))
        case "float16": return ONNX.Tensor(shape: dims, float16Bits: try values(UInt16.self))
        case "int64": return ONNX.Tensor(shape: dims, int64s: try values(Int64.self))
        case "int32": return ONNX.Tensor(shape: dims, int64s: try values(Int32.self).map(Int64.init), type: .int32)
        case "bool": return ONNX.Tensor(shape: dims, bools: try values(UInt8.self).map { $0 != 0 })
        default: throw OnnxModuleError.type("input '\(name)': tensor type '\(type)' is not supported (float32, float16, int64, int32, bool)")
        }
    }

    /// `[type, dims, data]` for the JS `Tensor` of an output.
    static func jsParts(_ tensor: ONNX.Tensor, _ ctx: JSContext) throws -> [JSValue] {
        let data: JSValue
        switch tensor.type {
        case .float32:
            data = try typed(tensor.floats, kJSTypedArrayTypeFloat32Array, ctx)
        case .float16:
            data = try typed(tensor.float16Bits, kJSTypedArrayTypeUint16Array, ctx)
        case .int64:
            data = try typed(tensor.int64s, kJSTypedArrayTypeBigInt64Array, ctx)
        case .int32:
            data = try typed(tensor.int64s.map { Int32(truncatingIfNeeded: $0) }, kJSTypedArrayTypeInt32Array, ctx)
        case .bool:
            data = try ctx.uint8Array(tensor.bools.map { $0 ? 1 : 0 })
        }
        return [ctx.string(tensor.type.rawValue), try ctx.array(tensor.shape.map { ctx.number($0) }), data]
    }

    private static func typed<T>(_ values: [T], _ type: JSTypedArrayType, _ ctx: JSContext) throws -> JSValue {
        let buffer = try values.withUnsafeBytes { try ctx.arrayBuffer(copying: $0) }
        return try ctx.typedArray(type, buffer: buffer)
    }
}
