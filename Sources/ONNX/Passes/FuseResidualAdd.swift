/// Folds `Add(conv, skip)` into the Conv that alone feeds it when `skip` has the conv output's shape:
/// the conv's store adds `skip` (appended as the conv's input 3), so the residual connection costs no
/// dispatch and no extra pass over memory (EfficientNet/MobileNet blocks end this way). Only for
/// ordinary (group 1) convolutions, whose kernel is the GEMM template. Runs after `FuseActivation`,
/// so a fused activation applies before the addition, as in the graph.
enum FuseResidualAdd {
    static func run(_ graph: inout Graph, infos: [String: TensorInfo]) {
        let uses = GraphUses(graph)
        var producerOf: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for output in node.outputs where !output.isEmpty { producerOf[output] = index }
        }
        var removed = Set<Int>()
        for index in graph.nodes.indices where graph.nodes[index].opType == "Conv" && !graph.nodes[index].fusesResidual {
            let conv = graph.nodes[index]
            guard (try? conv.attributes.int("group", default: 1)) == 1, conv.inputs.count <= 3,
                  let output = infos[conv.outputs[0]], output.type.isFloat,
                  let addIndex = uses.soleReader(of: conv.outputs[0]), !removed.contains(addIndex) else { continue }
            let add = graph.nodes[addIndex]
            guard add.opType == "Add", add.inputs.count == 2, add.outputs.count == 1 else { continue }
            let skip = add.inputs[0] == conv.outputs[0] ? add.inputs[1] : add.inputs[0]
            // The skip must exist when the conv runs and have exactly the conv output's shape (no broadcast).
            guard skip != conv.outputs[0], !skip.isEmpty, infos[skip] == output,
                  producerOf[skip].map({ $0 < index }) ?? true else { continue }
            var fused = conv
            fused.inputs = [conv.inputs[0], conv.inputs[1], conv.input(2) ?? "", skip]
            fused.outputs = [add.outputs[0]]
            fused.fusesResidual = true
            graph.nodes[index] = fused
            removed.insert(addIndex)
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }
}
