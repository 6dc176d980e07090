/// The tensor element types Kiln runs. ONNX has more; a model using others fails to load with a clear error.
///
/// On the GPU every element is 4 bytes: float32 as `f32`, the integer types as `i32` (int64 values are
/// narrowed on upload and widened on readback: shapes and indices fit), bool as `u32`.
///
/// float16 is computed as `f32` too: its values are float16 where they enter (initializers, feeds, a Cast to
/// float16, which rounds on the GPU) and where they leave (outputs are rounded on readback), and ops in
/// between keep f32's precision where a float16 runtime rounds after each op. So a float16 model runs on every
/// adapter, `shader-f16` or not, at its float32 twin's speed.
public enum ElementType: String, Sendable, CaseIterable {
    case float32, float16, int64, int32, bool

    /// The `TensorProto.DataType` number.
    public var onnxCode: Int32 {
        switch self {
        case .float32: return 1
        case .float16: return 10
        case .int32: return 6
        case .int64: return 7
        case .bool: return 9
        }
    }

    public init?(onnxCode: Int32) {
        guard let type = ElementType.allCases.first(where: { $0.onnxCode == onnxCode }) else { return nil }
        self = type
    }

    /// The ONNX name, for error messages (`tensor(float)`).
    static func onnxName(code: Int32) -> String {
        let names: [Int32: String] = [1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
                                      7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "double",
                                      12: "uint32", 13: "uint64", 16: "bfloat16"]
        return names[code] ?? "type \(code)"
    }

    /// The WGSL scalar type holding this element on the GPU.
    var wgslType: String {
        switch self {
        case .float32, .float16: return "f32"
        case .int64, .int32: return "i32"
        case .bool: return "u32"
        }
    }

    var isInteger: Bool { self == .int64 || self == .int32 }
    var isFloat: Bool { self == .float32 || self == .float16 }
}
