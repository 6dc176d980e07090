/// The graph Kiln optimizes and runs: nodes in topological order, constants as host tensors, and the
/// declared inputs/outputs. Created by `ModelLoader`, rewritten by the passes in `Passes/`.
public struct Graph: Sendable {
    public struct ValueInfo: Sendable, Equatable {
        public var name: String
        public var type: ElementType
        /// Declared dimensions; nil entries are symbolic (e.g. a batch dimension "N").
        public var shape: [Int?]
        /// Per dimension, the name a symbolic one is given (`dim_param`, "N"); "" where it has a value or no name.
        public var dimensionNames: [String] = []
    }

    public var nodes: [Node]
    public var inputs: [ValueInfo]
    public var outputs: [ValueInfo]
    /// Initializers, Constant nodes and folded values.
    public var constants: [String: Tensor]
    /// The opset version of the default ONNX domain.
    public var opset: Int

    /// Inputs the caller must feed (initializers may also be listed as inputs in older models).
    public var feedInputs: [ValueInfo] { inputs.filter { constants[$0.name] == nil } }

    /// The distinct operator types, in first-use order.
    public var operatorTypes: [String] {
        var seen = Set<String>()
        return nodes.map(\.opType).filter { seen.insert($0).inserted }
    }

    /// A name not yet used by any value, for values created by passes.
    func freshName(_ base: String) -> String {
        var used = Set(constants.keys)
        for node in nodes { used.formUnion(node.outputs) }
        var candidate = base
        var suffix = 1
        while used.contains(candidate) {
            candidate = "\(base)_\(suffix)"
            suffix += 1
        }
        return candidate
    }
}
