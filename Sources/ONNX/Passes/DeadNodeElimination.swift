/// Removes nodes none of whose outputs reach a graph output, and constants nothing reads.
enum DeadNodeElimination {
    static func run(_ graph: inout Graph) {
        // Initializers listed as graph inputs stay: callers may still see them as (optional) inputs.
        var live = Set(graph.outputs.map(\.name)).union(graph.inputs.map(\.name))
        var kept: [Node] = []
        for node in graph.nodes.reversed() where node.outputs.contains(where: live.contains) {
            kept.append(node)
            live.formUnion(node.inputs.filter { !$0.isEmpty })
        }
        graph.nodes = kept.reversed()
        graph.constants = graph.constants.filter { live.contains($0.key) }
    }
}
