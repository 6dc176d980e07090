/// A value's element type and concrete shape, as shape inference resolves it for one set of input shapes.
public struct TensorInfo: Sendable, Equatable, CustomStringConvertible {
    public var type: ElementType
    public var shape: [Int]

    public init(_ type: ElementType, _ shape: [Int]) {
        self.type = type
        self.shape = shape
    }

    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }
    /// Bytes on the GPU (4 per element, at least 4 so empty tensors still bind).
    var gpuBytes: Int { max(count, 1) * 4 }
    public var description: String { "\(type.rawValue)\(shape)" }
}
