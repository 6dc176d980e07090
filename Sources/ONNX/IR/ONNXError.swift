/// Everything that can go wrong between bytes and outputs, each naming the problem and where.
public enum ONNXError: Error, CustomStringConvertible, Equatable {
    /// The bytes are not a readable ONNX model (truncated, not protobuf, not a ModelProto).
    case invalidModel(String)
    /// A node's operator (or an attribute value of it) is not implemented.
    case unsupportedOperator(node: String, op: String, detail: String?)
    /// An opset version Kiln does not implement.
    case unsupportedOpset(String)
    /// An element type (of a tensor or value) that Kiln does not run.
    case unsupportedType(String)
    /// The model is well-formed protobuf but breaks ONNX rules (missing input, bad attribute, bad shape).
    case invalidGraph(String)
    /// A feed does not match the model's inputs (name, element type, shape).
    case invalidFeed(String)
    /// The GPU failed (device lost, pipeline compilation error).
    case gpu(String)

    public var description: String {
        switch self {
        case .invalidModel(let message): return "not a valid ONNX model: \(message)"
        case .unsupportedOperator(let node, let op, let detail):
            return "unsupported operator \(op) at node '\(node)'" + (detail.map { ": \($0)" } ?? "")
        case .unsupportedOpset(let message): return "unsupported opset: \(message)"
        case .unsupportedType(let message): return "unsupported element type: \(message)"
        case .invalidGraph(let message): return "invalid ONNX graph: \(message)"
        case .invalidFeed(let message): return "invalid feed: \(message)"
        case .gpu(let message): return "GPU error: \(message)"
        }
    }
}
