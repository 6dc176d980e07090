/// Who reads each value: the consumers of a node's output decide whether it can be fused away.
struct GraphUses {
    private var readers: [String: [Int]] = [:]
    private let graphOutputs: Set<String>

    init(_ graph: Graph) {
        graphOutputs = Set(graph.outputs.map(\.name))
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where !input.isEmpty { readers[input, default: []].append(index) }
        }
    }

    /// The index of the only node reading `value`, if exactly one does and it is not a graph output.
    func soleReader(of value: String) -> Int? {
        guard !graphOutputs.contains(value), let nodes = readers[value], nodes.count == 1 else { return nil }
        return nodes[0]
    }

    func isUsed(_ value: String) -> Bool { graphOutputs.contains(value) || readers[value] != nil }
}
