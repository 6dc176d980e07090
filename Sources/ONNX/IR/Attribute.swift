/// A node attribute, decoded from `AttributeProto`. Subgraphs (If/Loop/Scan) are not run by Kiln and
/// are kept only as a marker so the op is reported as unsupported rather than misread.
public enum Attribute: Sendable, Equatable {
    case int(Int)
    case float(Float)
    case string(String)
    case tensor(Tensor)
    case ints([Int])
    case floats([Float])
    case strings([String])
    case graph
}

/// Typed attribute access with ONNX defaults; wrong kinds are graph errors naming the node.
struct Attributes: Sendable, Equatable {
    var values: [String: Attribute]
    let node: String

    func int(_ name: String, default value: Int) throws -> Int {
        guard let attribute = values[name] else { return value }
        guard case .int(let int) = attribute else { throw mismatch(name, "an int") }
        return int
    }

    func int(_ name: String) throws -> Int? {
        guard values[name] != nil else { return nil }
        return try int(name, default: 0)
    }

    func float(_ name: String, default value: Float) throws -> Float {
        guard let attribute = values[name] else { return value }
        switch attribute {
        case .float(let float): return float
        case .int(let int): return Float(int)
        default: throw mismatch(name, "a float")
        }
    }

    func ints(_ name: String) throws -> [Int]? {
        guard let attribute = values[name] else { return nil }
        switch attribute {
        case .ints(let ints): return ints
        case .int(let int): return [int]
        default: throw mismatch(name, "a list of ints")
        }
    }

    func floats(_ name: String) throws -> [Float]? {
        guard let attribute = values[name] else { return nil }
        guard case .floats(let floats) = attribute else { throw mismatch(name, "a list of floats") }
        return floats
    }

    func string(_ name: String, default value: String) throws -> String {
        guard let attribute = values[name] else { return value }
        guard case .string(let string) = attribute else { throw mismatch(name, "a string") }
        return string
    }

    func tensor(_ name: String) throws -> Tensor? {
        guard let attribute = values[name] else { return nil }
        guard case .tensor(let tensor) = attribute else { throw mismatch(name, "a tensor") }
        return tensor
    }

    private func mismatch(_ name: String, _ expected: String) -> ONNXError {
        .invalidGraph("node '\(node)': attribute '\(name)' should be \(expected)")
    }
}
