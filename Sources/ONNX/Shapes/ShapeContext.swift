/// What a shape rule sees of one node: its inputs' types and shapes, their values where known
/// (constants), and the opset in force.
struct ShapeContext {
    let node: Node
    let inputs: [TensorInfo?]
    let constants: [Tensor?]
    let opset: Int

    var attributes: Attributes { node.attributes }

    /// Input `index`, which the op requires.
    func input(_ index: Int) throws -> TensorInfo {
        guard index < inputs.count, let info = inputs[index] else {
            throw ONNXError.invalidGraph("node '\(node.name)' (\(node.opType)) is missing required input \(index)")
        }
        return info
    }

    func hasInput(_ index: Int) -> Bool { index < inputs.count && inputs[index] != nil }

    /// The value of input `index`, which must be known before the run (shape-like inputs: Reshape's shape,
    /// Slice's starts...). Kiln specializes graphs per input shape, so these fold to constants.
    func constant(_ index: Int) throws -> Tensor? {
        guard hasInput(index) else { return nil }
        guard let value = constants[index] else {
            throw ONNXError.unsupportedOperator(node: node.name, op: node.opType,
                                                detail: "input \(index) ('\(node.inputs[index])') must be a constant or computable from shapes")
        }
        return value
    }

    func unsupported(_ detail: String) -> ONNXError {
        .unsupportedOperator(node: node.name, op: node.opType, detail: detail)
    }

    func invalid(_ detail: String) -> ONNXError {
        .invalidGraph("node '\(node.name)' (\(node.opType)): \(detail)")
    }

    /// Normalizes a possibly negative axis against `rank`.
    func axis(_ value: Int, rank: Int) throws -> Int {
        let axis = value < 0 ? value + rank : value
        guard axis >= 0 && axis < max(rank, 1) else { throw invalid("axis \(value) is out of range for rank \(rank)") }
        return axis
    }
}

typealias ShapeRule = (ShapeContext) throws -> [TensorInfo]

/// Numpy-style broadcasting of shapes (multidirectional, as ONNX defines it).
func broadcastShapes(_ shapes: [[Int]]) -> [Int]? {
    let rank = shapes.map(\.count).max() ?? 0
    var result = [Int](repeating: 1, count: rank)
    for shape in shapes {
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        for (axis, dim) in padded.enumerated() {
            if dim == result[axis] || dim == 1 { continue }
            if result[axis] == 1 { result[axis] = dim } else { return nil }
        }
    }
    return result
}
