/// Shape-independent constant folding: Constant nodes become constants, and so does any node whose
/// inputs are all constants and which the host can evaluate (see `HostEvaluator`). Shape-dependent
/// folding (Shape → ... → Reshape) happens in `ShapeInference` once input shapes are known.
enum ConstantFolding {
    static func run(_ graph: inout Graph) throws {
        var kept: [Node] = []
        for node in graph.nodes {
            let inputs = node.inputs.map { $0.isEmpty ? nil : graph.constants[$0] }
            let allConstant = node.inputs.allSatisfy { $0.isEmpty || graph.constants[$0] != nil }
            guard node.domain.isEmpty, allConstant, node.opType != "Shape", node.opType != "Size",
                  let rule = ShapeRules.table[node.opType] else {
                kept.append(node)
                continue
            }
            let context = ShapeContext(node: node, inputs: inputs.map { $0.map { TensorInfo($0.type, $0.shape) } },
                                       constants: inputs, opset: graph.opset)
            guard let outputs = try? rule(context), let values = try HostEvaluator.evaluate(context, outputs: outputs) else {
                kept.append(node)
                continue
            }
            for (index, name) in node.outputs.enumerated() where !name.isEmpty && index < values.count {
                graph.constants[name] = values[index]
            }
        }
        graph.nodes = kept
    }
}
