/// A tensor in host memory: what callers feed and get back, and what initializers and folded
/// constants are held as.
public struct Tensor: Sendable, Hashable {
    public enum Storage: Sendable, Hashable {
        case float32([Float])
        case int64([Int64])
        case bool([Bool])
    }

    public let shape: [Int]
    public let storage: Storage
    /// int32 tensors are held as int64 values, float16 tensors as floats; both keep their declared type.
    public let type: ElementType

    /// A float32 tensor, or with `type: .float16` a float16 one whose values are rounded to float16.
    public init(shape: [Int], floats: [Float], type: ElementType = .float32) {
        precondition(floats.count == shape.reduce(1, *), "Tensor: \(floats.count) values for shape \(shape)")
        precondition(type.isFloat, "Tensor: floats for a \(type) tensor")
        self.shape = shape
        storage = .float32(type == .float16 ? floats.map { Float(Float16($0)) } : floats)
        self.type = type
    }

    /// A float16 tensor from its values' bit patterns (IEEE binary16, as onnxruntime-web's Uint16Array holds them).
    public init(shape: [Int], float16Bits: [UInt16]) {
        self.init(shape: shape, floats: float16Bits.map { Float(Float16(bitPattern: $0)) }, type: .float16)
    }

    public init(shape: [Int], int64s: [Int64], type: ElementType = .int64) {
        precondition(int64s.count == shape.reduce(1, *), "Tensor: \(int64s.count) values for shape \(shape)")
        self.shape = shape
        storage = .int64(int64s)
        self.type = type
    }

    public init(shape: [Int], bools: [Bool]) {
        precondition(bools.count == shape.reduce(1, *), "Tensor: \(bools.count) values for shape \(shape)")
        self.shape = shape
        storage = .bool(bools)
        type = .bool
    }

    public var count: Int { shape.reduce(1, *) }

    /// The values as floats (integers and bools converted).
    public var floats: [Float] {
        switch storage {
        case .float32(let values): return values
        case .int64(let values): return values.map { Float($0) }
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        }
    }

    /// The values as integers (floats truncated toward zero, bools as 0/1).
    public var int64s: [Int64] {
        switch storage {
        case .float32(let values): return values.map { $0.isFinite ? Int64($0) : 0 }
        case .int64(let values): return values
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        }
    }

    /// The values as float16 bit patterns (floats rounded to the nearest float16, integers converted).
    public var float16Bits: [UInt16] { floats.map { Float16($0).bitPattern } }

    public var bools: [Bool] {
        switch storage {
        case .float32(let values): return values.map { $0 != 0 }
        case .int64(let values): return values.map { $0 != 0 }
        case .bool(let values): return values
        }
    }

    /// The same values under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> Tensor {
        switch storage {
        case .float32(let values): return Tensor(shape: newShape, floats: values, type: type)
        case .int64(let values): return Tensor(shape: newShape, int64s: values, type: type)
        case .bool(let values): return Tensor(shape: newShape, bools: values)
        }
    }

    /// Builds a tensor of `type` from 4-byte GPU words (f32, i32 or u32 as the type says; float16 values
    /// computed as f32 are rounded here).
    init(type: ElementType, shape: [Int], gpuWords: [UInt32]) {
        switch type {
        case .float32, .float16: self.init(shape: shape, floats: gpuWords.map { Float(bitPattern: $0) }, type: type)
        case .int64, .int32: self.init(shape: shape, int64s: gpuWords.map { Int64(Int32(bitPattern: $0)) }, type: type)
        case .bool: self.init(shape: shape, bools: gpuWords.map { $0 != 0 })
        }
    }

    /// The values as 4-byte GPU words (see `ElementType`).
    var gpuWords: [UInt32] {
        switch storage {
        case .float32(let values): return values.map { $0.bitPattern }
        case .int64(let values): return values.map { UInt32(bitPattern: Int32(clamping: $0)) }
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        }
    }
}
