import Foundation

/// Turns a `TensorProto` (raw_data little-endian bytes or the typed repeated fields) into a `Tensor`.
enum TensorDecoding {
    static func decode(_ proto: Onnx_TensorProto, context: String) throws -> Tensor {
        if proto.hasDataLocation && proto.dataLocation == .external {
            throw ONNXError.invalidModel("\(context): tensor '\(proto.name)' uses external data, which Kiln does not load")
        }
        guard let type = ElementType(onnxCode: proto.dataType) else {
            throw ONNXError.unsupportedType("\(context): tensor '\(proto.name)' has element type \(ElementType.onnxName(code: proto.dataType)), which Kiln does not run")
        }
        let shape = try proto.dims.map { dim -> Int in
            guard dim >= 0 else { throw ONNXError.invalidModel("\(context): tensor '\(proto.name)' has negative dimension \(dim)") }
            return Int(dim)
        }
        let count = shape.reduce(1, *)
        let raw = proto.hasRawData ? proto.rawData : nil
        switch type {
        case .float32:
            let values = try raw.map { try littleEndian($0, count: count, as: UInt32.self, context, proto.name).map { Float(bitPattern: $0) } }
                ?? proto.floatData
            try check(values.count, count, context, proto.name)
            return Tensor(shape: shape, floats: values)
        case .float16:
            // The typed field holds each value's 16 bits in an int32.
            let bits = try raw.map { try littleEndian($0, count: count, as: UInt16.self, context, proto.name) }
                ?? proto.int32Data.map { UInt16(truncatingIfNeeded: $0) }
            try check(bits.count, count, context, proto.name)
            return Tensor(shape: shape, float16Bits: bits)
        case .int64:
            let values = try raw.map { try littleEndian($0, count: count, as: UInt64.self, context, proto.name).map { Int64(bitPattern: $0) } }
                ?? proto.int64Data
            try check(values.count, count, context, proto.name)
            return Tensor(shape: shape, int64s: values)
        case .int32:
            let values = try raw.map { try littleEndian($0, count: count, as: UInt32.self, context, proto.name).map { Int64(Int32(bitPattern: $0)) } }
                ?? proto.int32Data.map { Int64($0) }
            try check(values.count, count, context, proto.name)
            return Tensor(shape: shape, int64s: values, type: .int32)
        case .bool:
            // Bools are one byte each in raw_data and int32s in the typed field.
            let values = raw.map { $0.map { $0 != 0 } } ?? proto.int32Data.map { $0 != 0 }
            try check(values.count, count, context, proto.name)
            return Tensor(shape: shape, bools: values)
        }
    }

    /// Encodes a tensor as a TensorProto with raw_data (for test fixtures and model writing).
    static func encode(_ tensor: Tensor, name: String) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dims = tensor.shape.map { Int64($0) }
        proto.dataType = tensor.type.onnxCode
        var data = Data()
        switch tensor.storage {
        case .float32 where tensor.type == .float16:
            for bits in tensor.float16Bits { withUnsafeBytes(of: bits.littleEndian) { data.append(contentsOf: $0) } }
        case .float32(let values): for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        case .int64(let values):
            if tensor.type == .int32 {
                for value in values { withUnsafeBytes(of: Int32(truncatingIfNeeded: value).littleEndian) { data.append(contentsOf: $0) } }
            } else {
                for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
            }
        case .bool(let values): data.append(contentsOf: values.map { $0 ? 1 : 0 })
        }
        proto.rawData = data
        return proto
    }

    private static func littleEndian<Word: FixedWidthInteger>(_ data: Data, count: Int, as: Word.Type,
                                                              _ context: String, _ name: String) throws -> [Word] {
        let size = MemoryLayout<Word>.size
        guard data.count == count * size else {
            throw ONNXError.invalidModel("\(context): tensor '\(name)' has \(data.count) bytes of raw data, expected \(count * size)")
        }
        var words = [Word](repeating: 0, count: count)
        _ = words.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return words.map { Word(littleEndian: $0) }
    }

    private static func check(_ actual: Int, _ expected: Int, _ context: String, _ name: String) throws {
        guard actual == expected else {
            throw ONNXError.invalidModel("\(context): tensor '\(name)' has \(actual) values for \(expected) elements")
        }
    }
}

extension Tensor {
    /// Decodes a serialized `TensorProto` (the `input_0.pb` files of ONNX test data).
    public init(serializedTensorProto data: Data) throws {
        let proto: Onnx_TensorProto
        do { proto = try Onnx_TensorProto(serializedBytes: data) } catch {
            throw ONNXError.invalidModel("not a TensorProto: \(error)")
        }
        self = try TensorDecoding.decode(proto, context: "tensor file")
    }

    /// The tensor as a serialized `TensorProto` with raw data.
    public func serializedTensorProto(name: String = "") throws -> Data {
        try TensorDecoding.encode(self, name: name).serializedData()
    }
}
