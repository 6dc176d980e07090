/// One operator application. Inputs and outputs are value names; "" marks an omitted optional input.
public struct Node: Sendable, Equatable {
    public var name: String
    public var opType: String
    public var domain: String
    public var inputs: [String]
    public var outputs: [String]
    var attributes: Attributes
    /// Activation fused into this node's epilogue by `FuseActivation` (a Relu/Clip/... node folded in).
    var fusedActivation: FusedActivation?
    /// A residual `Add` fused into this Conv by `FuseResidualAdd`: input 3 is added to the result as it is stored.
    var fusesResidual = false

    init(name: String, opType: String, domain: String = "", inputs: [String], outputs: [String],
         attributes: [String: Attribute] = [:]) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = Attributes(values: attributes, node: name)
    }

    /// Input `index`, or nil when it is absent or omitted ("").
    func input(_ index: Int) -> String? {
        index < inputs.count && !inputs[index].isEmpty ? inputs[index] : nil
    }
}

/// An elementwise activation applied to a producer's result as it is stored.
struct FusedActivation: Sendable, Equatable {
    var op: String
    var alpha: Float
    var beta: Float
}
