/// Folds a BatchNormalization that alone reads a Conv's output into the Conv's weights and bias:
/// W' = W·γ/√(σ²+ε) per output channel, B' = (B − μ)·γ/√(σ²+ε) + β.
enum FuseConvBatchNorm {
    static func run(_ graph: inout Graph) {
        let uses = GraphUses(graph)
        var removed = Set<Int>()
        for index in graph.nodes.indices where graph.nodes[index].opType == "Conv" {
            let conv = graph.nodes[index]
            guard let readerIndex = uses.soleReader(of: conv.outputs[0]), !removed.contains(readerIndex) else { continue }
            let bn = graph.nodes[readerIndex]
            guard bn.opType == "BatchNormalization", bn.inputs.first == conv.outputs[0], bn.outputs.count == 1 || bn.outputs.dropFirst().allSatisfy(\.isEmpty),
                  let weights = graph.constants[conv.inputs[1]], weights.type.isFloat,
                  let scale = constant(bn, 1, graph), let shift = constant(bn, 2, graph),
                  let mean = constant(bn, 3, graph), let variance = constant(bn, 4, graph),
                  let epsilon = try? bn.attributes.float("epsilon", default: 1e-5) else { continue }
            let channels = weights.shape[0]
            guard [scale, shift, mean, variance].allSatisfy({ $0.count == channels }) else { continue }
            let bias = conv.input(2).flatMap { graph.constants[$0]?.floats } ?? Array(repeating: 0, count: channels)
            guard bias.count == channels else { continue }
            let perChannel = weights.count / max(channels, 1)
            let factor = (0..<channels).map { scale[$0] / (variance[$0] + epsilon).squareRoot() }
            var fusedWeights = weights.floats
            for i in fusedWeights.indices { fusedWeights[i] *= factor[i / perChannel] }
            let fusedBias = (0..<channels).map { (bias[$0] - mean[$0]) * factor[$0] + shift[$0] }
            let weightName = graph.freshName(conv.inputs[1] + "_bn")
            graph.constants[weightName] = Tensor(shape: weights.shape, floats: fusedWeights, type: weights.type)
            let biasName = graph.freshName(conv.outputs[0] + "_bn_bias")
            graph.constants[biasName] = Tensor(shape: [channels], floats: fusedBias, type: weights.type)
            graph.nodes[index].inputs = [conv.inputs[0], weightName, biasName]
            graph.nodes[index].outputs = [bn.outputs[0]]
            removed.insert(readerIndex)
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    private static func constant(_ node: Node, _ index: Int, _ graph: Graph) -> [Float]? {
        node.input(index).flatMap { graph.constants[$0] }.flatMap { $0.type.isFloat ? $0.floats : nil }
    }
}
