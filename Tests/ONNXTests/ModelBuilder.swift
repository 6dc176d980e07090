import Foundation
@testable import ONNX

/// Builds small ONNX models in memory for tests.
struct ModelBuilder {
    var nodes: [Onnx_NodeProto] = []
    var inputs: [Onnx_ValueInfoProto] = []
    var outputs: [Onnx_ValueInfoProto] = []
    var initializers: [Onnx_TensorProto] = []
    var opset: Int64 = 13

    mutating func input(_ name: String, _ shape: [Int?], type: ElementType = .float32) {
        inputs.append(Self.valueInfo(name, shape, type))
    }

    mutating func output(_ name: String, _ shape: [Int?] = [], type: ElementType = .float32) {
        outputs.append(Self.valueInfo(name, shape, type))
    }

    mutating func initializer(_ name: String, _ tensor: Tensor) {
        initializers.append(TensorDecoding.encode(tensor, name: name))
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String = "", ints: [String: [Int]] = [:], int: [String: Int] = [:], float: [String: Float] = [:]) {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = name
        node.input = inputs
        node.output = outputs
        for (key, values) in ints {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .ints
            attribute.ints = values.map { Int64($0) }
            node.attribute.append(attribute)
        }
        for (key, value) in int {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .int
            attribute.i = Int64(value)
            node.attribute.append(attribute)
        }
        for (key, value) in float {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .float
            attribute.f = value
            node.attribute.append(attribute)
        }
        nodes.append(node)
    }

    func data() throws -> Data {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = self.opset
        model.opsetImport = [opset]
        model.graph.name = "test"
        model.graph.node = nodes
        model.graph.input = inputs
        model.graph.output = outputs
        model.graph.initializer = initializers
        return try model.serializedData()
    }

    static func valueInfo(_ name: String, _ shape: [Int?], _ type: ElementType) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType.elemType = type.onnxCode
        info.type.tensorType.shape.dim = shape.map { dim in
            var proto = Onnx_TensorShapeProto.Dimension()
            if let dim { proto.dimValue = Int64(dim) } else { proto.dimParam = "N" }
            return proto
        }
        return info
    }
}
