import ArgumentParser
import Foundation
import ONNX

/// `kiln onnx check MODEL`: lists the model's inputs, outputs and operators, naming unsupported ones.
struct OnnxCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "List a model's operators and say which Kiln does not support.")

    @Argument(help: "Path to an .onnx file.") var model: String

    func run() async throws {
        let graph: Graph
        do {
            graph = try ModelLoader.load(try Data(contentsOf: URL(fileURLWithPath: model)))
        } catch let error as ONNXError {
            throw ValidationError("\(model): \(error)")
        }
        print("\(model): opset \(graph.opset), \(graph.nodes.count) nodes, \(graph.constants.count) initializers")
        for input in graph.feedInputs { print("  input  \(input.name): \(describe(input))") }
        for output in graph.outputs { print("  output \(output.name): \(describe(output))") }
        var counts: [String: Int] = [:]
        for node in graph.nodes { counts[node.opType, default: 0] += 1 }
        var unsupported: [String] = []
        for op in graph.operatorTypes {
            let supported = ModelSupport.supports(op)
            print("  \(supported ? "ok " : "NO ") \(op) ×\(counts[op] ?? 0)")
            if !supported {
                let nodes = graph.nodes.filter { $0.opType == op }.map(\.name)
                unsupported.append("\(op) (nodes: \(nodes.prefix(5).joined(separator: ", "))\(nodes.count > 5 ? ", …" : ""))")
            }
        }
        if unsupported.isEmpty {
            print("all \(graph.operatorTypes.count) operator types are supported")
        } else {
            print("unsupported: \(unsupported.joined(separator: "; "))")
            throw ExitCode(1)
        }
    }

    private func describe(_ info: Graph.ValueInfo) -> String {
        "\(info.type.rawValue)[\(info.shape.map { $0.map(String.init) ?? "?" }.joined(separator: ", "))]"
    }
}
