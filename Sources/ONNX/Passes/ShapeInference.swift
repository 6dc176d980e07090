/// Resolves every value's element type and concrete shape for one set of input shapes, folding
/// shape-computing nodes to constants on the way (see `HostEvaluator`), so the result is fully static.
struct ShapeInference {
    struct Result {
        var infos: [String: TensorInfo]
        /// Constants after folding: the graph's own plus every folded node output.
        var constants: [String: Tensor]
        /// Nodes left to run on the GPU, in order.
        var nodes: [Node]
    }

    /// - Parameter knownValues: feeds whose values the plan may depend on (small shape-like inputs such
    ///   as a Reshape target fed at run time); they still run from their input buffers on the GPU.
    static func run(_ graph: Graph, inputs: [String: TensorInfo], knownValues: [String: Tensor] = [:]) throws -> Result {
        var infos = inputs
        var constants = graph.constants.merging(knownValues) { _, fed in fed }
        for (name, tensor) in constants { infos[name] = TensorInfo(tensor.type, tensor.shape) }
        var remaining: [Node] = []
        for node in graph.nodes {
            guard node.domain.isEmpty else {
                throw ONNXError.unsupportedOperator(node: node.name, op: node.opType, detail: "domain '\(node.domain)'")
            }
            guard let rule = ShapeRules.table[node.opType] else {
                throw ONNXError.unsupportedOperator(node: node.name, op: node.opType, detail: nil)
            }
            let context = ShapeContext(node: node, inputs: node.inputs.map { $0.isEmpty ? nil : infos[$0] },
                                       constants: node.inputs.map { $0.isEmpty ? nil : constants[$0] }, opset: graph.opset)
            let outputs = try rule(context)
            let produced = node.outputs.count
            guard outputs.count >= produced || node.opType == "Dropout" else {
                throw ONNXError.invalidGraph("node '\(node.name)' (\(node.opType)) declares \(produced) outputs, the op makes \(outputs.count)")
            }
            for (index, name) in node.outputs.enumerated() where !name.isEmpty && index < outputs.count {
                infos[name] = outputs[index]
            }
            if let values = try HostEvaluator.evaluate(context, outputs: outputs) {
                for (index, name) in node.outputs.enumerated() where !name.isEmpty && index < values.count {
                    constants[name] = values[index]
                }
            } else {
                remaining.append(node)
            }
        }
        return Result(infos: infos, constants: constants, nodes: remaining)
    }
}
