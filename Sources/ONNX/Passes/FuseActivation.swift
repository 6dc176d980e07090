/// Folds an activation that alone reads a Conv/Gemm/MatMul output into that producer's epilogue, so
/// the activation costs no extra pass over memory. Runs after shape inference, when Clip bounds are known.
enum FuseActivation {
    static let producers: Set<String> = ["Conv", "Gemm", "MatMul"]
    static let activations: Set<String> = ["Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Elu"]

    static func run(_ graph: inout Graph) {
        let uses = GraphUses(graph)
        var removed = Set<Int>()
        for index in graph.nodes.indices where producers.contains(graph.nodes[index].opType) && graph.nodes[index].fusedActivation == nil {
            let producer = graph.nodes[index]
            guard let readerIndex = uses.soleReader(of: producer.outputs[0]), !removed.contains(readerIndex),
                  let activation = fused(graph.nodes[readerIndex], graph) else { continue }
            graph.nodes[index].fusedActivation = activation
            graph.nodes[index].outputs = [graph.nodes[readerIndex].outputs[0]]
            removed.insert(readerIndex)
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// The node as a fused activation, or nil when it is not one (or its parameters are not constant).
    private static func fused(_ node: Node, _ graph: Graph) -> FusedActivation? {
        guard activations.contains(node.opType), node.outputs.count == 1 else { return nil }
        let attributes = node.attributes
        switch node.opType {
        case "Clip":
            var low = (try? attributes.float("min", default: -.infinity)) ?? -.infinity
            var high = (try? attributes.float("max", default: .infinity)) ?? .infinity
            if graph.opset >= 11 {
                if let name = node.input(1) { guard let value = graph.constants[name]?.floats.first else { return nil }; low = value }
                if let name = node.input(2) { guard let value = graph.constants[name]?.floats.first else { return nil }; high = value }
            }
            return FusedActivation(op: "Clip", alpha: low, beta: high)
        case "LeakyRelu": return FusedActivation(op: node.opType, alpha: (try? attributes.float("alpha", default: 0.01)) ?? 0.01, beta: 0)
        case "Elu": return FusedActivation(op: node.opType, alpha: (try? attributes.float("alpha", default: 1)) ?? 1, beta: 0)
        case "HardSigmoid":
            return FusedActivation(op: node.opType, alpha: (try? attributes.float("alpha", default: 0.2)) ?? 0.2,
                                   beta: (try? attributes.float("beta", default: 0.5)) ?? 0.5)
        default: return FusedActivation(op: node.opType, alpha: 0, beta: 0)
        }
    }
}
