import Foundation
import SwiftProtobuf

/// Parses ONNX model bytes into a `Graph`: checks the opset, decodes initializers and attributes, and
/// checks that every node input is defined before use.
public enum ModelLoader {
    /// Opsets of the default domain Kiln accepts. Ops follow the semantics of the version in force
    /// (legacy broadcasting of opsets before 7 included).
    public static let supportedOpsets = 1...23

    public static func load(_ bytes: Data) throws -> Graph {
        guard !bytes.isEmpty else { throw ONNXError.invalidModel("the data is empty") }
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw ONNXError.invalidModel("protobuf decoding failed (\(error)); the bytes are truncated or not an ONNX file")
        }
        guard model.hasGraph, model.irVersion > 0 else {
            throw ONNXError.invalidModel("no graph or IR version: the bytes are not an ONNX ModelProto")
        }
        let opset = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }.map { Int($0.version) } ?? 1
        guard supportedOpsets.contains(opset) else {
            throw ONNXError.unsupportedOpset("opset \(opset) of the default domain is outside the supported \(supportedOpsets)")
        }
        return try graph(model.graph, opset: opset)
    }

    static func graph(_ proto: Onnx_GraphProto, opset: Int) throws -> Graph {
        var constants: [String: Tensor] = [:]
        for initializer in proto.initializer {
            constants[initializer.name] = try TensorDecoding.decode(initializer, context: "initializer")
        }
        if let sparse = proto.sparseInitializer.first {
            throw ONNXError.invalidModel("sparse initializer '\(sparse.values.name)' is not supported")
        }
        let nodes = try proto.node.enumerated().map { index, node in try decodeNode(node, index: index) }
        let graph = Graph(nodes: nodes, inputs: try proto.input.map(valueInfo), outputs: try proto.output.map(valueInfo),
                          constants: constants, opset: opset)
        try checkDefinedBeforeUse(graph)
        return graph
    }

    private static func decodeNode(_ proto: Onnx_NodeProto, index: Int) throws -> Node {
        let name = proto.name.isEmpty ? "\(proto.opType)_\(index)" : proto.name
        var attributes: [String: Attribute] = [:]
        for attribute in proto.attribute {
            attributes[attribute.name] = try decodeAttribute(attribute, node: name)
        }
        return Node(name: name, opType: proto.opType, domain: proto.domain == "ai.onnx" ? "" : proto.domain,
                    inputs: proto.input, outputs: proto.output, attributes: attributes)
    }

    private static func decodeAttribute(_ proto: Onnx_AttributeProto, node: String) throws -> Attribute {
        let context = "node '\(node)' attribute '\(proto.name)'"
        switch proto.type {
        case .int: return .int(Int(proto.i))
        case .float: return .float(proto.f)
        case .string: return .string(String(decoding: proto.s, as: UTF8.self))
        case .tensor: return .tensor(try TensorDecoding.decode(proto.t, context: context))
        case .ints: return .ints(proto.ints.map { Int($0) })
        case .floats: return .floats(proto.floats)
        case .strings: return .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) })
        case .graph, .graphs: return .graph
        default:
            // Pre-IR-3 models leave `type` unset; infer it from the field that is present.
            if proto.hasI { return .int(Int(proto.i)) }
            if proto.hasF { return .float(proto.f) }
            if !proto.ints.isEmpty { return .ints(proto.ints.map { Int($0) }) }
            if !proto.floats.isEmpty { return .floats(proto.floats) }
            if proto.hasT { return .tensor(try TensorDecoding.decode(proto.t, context: context)) }
            if proto.hasS { return .string(String(decoding: proto.s, as: UTF8.self)) }
            throw ONNXError.invalidModel("\(context) has unsupported type \(proto.type)")
        }
    }

    private static func valueInfo(_ proto: Onnx_ValueInfoProto) throws -> Graph.ValueInfo {
        let tensorType = proto.type.tensorType
        let code = tensorType.elemType
        guard let type = ElementType(onnxCode: code) else {
            throw ONNXError.unsupportedType("value '\(proto.name)' has element type \(ElementType.onnxName(code: code)), which Kiln does not run")
        }
        let shape: [Int?] = tensorType.shape.dim.map { dim in
            if case .dimValue(let value)? = dim.value, value >= 0 { return Int(value) }
            return nil
        }
        let names = tensorType.shape.dim.map { dim in
            if case .dimParam(let name)? = dim.value { return name }
            return ""
        }
        return Graph.ValueInfo(name: proto.name, type: type, shape: shape, dimensionNames: names)
    }

    private static func checkDefinedBeforeUse(_ graph: Graph) throws {
        var defined = Set(graph.constants.keys).union(graph.inputs.map(\.name))
        for node in graph.nodes {
            for input in node.inputs where !input.isEmpty && !defined.contains(input) {
                throw ONNXError.invalidGraph("node '\(node.name)' (\(node.opType)) uses '\(input)', which no earlier node, input or initializer defines")
            }
            defined.formUnion(node.outputs.filter { !$0.isEmpty })
        }
        for output in graph.outputs where !defined.contains(output.name) {
            throw ONNXError.invalidGraph("graph output '\(output.name)' is never produced")
        }
    }
}
