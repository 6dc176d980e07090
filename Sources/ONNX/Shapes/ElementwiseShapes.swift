/// Shape rules of the elementwise ops: same-shape unary ops, broadcasting binary/variadic ops,
/// comparisons and logic (bool results), Where and Cast.
enum ElementwiseShapes {
    static let sameShape: ShapeRule = { context in [try context.input(0)] }

    static let broadcasting: ShapeRule = { context in
        var inputs = try context.inputs.indices.filter(context.hasInput).map(context.input)
        if inputs.count == 2, let legacy = try legacyShape(context, inputs[0], inputs[1]) { inputs[1].shape = legacy }
        guard let first = inputs.first else { throw context.invalid("no inputs") }
        guard let shape = broadcastShapes(inputs.map(\.shape)) else {
            throw context.invalid("shapes \(inputs.map(\.shape)) do not broadcast")
        }
        return [TensorInfo(first.type, shape)]
    }

    /// Before opset 7, binary ops broadcast B only with broadcast=1, aligned at `axis` (default: the
    /// trailing axes). Returns B's shape rewritten for numpy-style broadcasting, or nil when not legacy.
    static func legacyShape(_ context: ShapeContext, _ a: TensorInfo, _ b: TensorInfo) throws -> [Int]? {
        guard context.opset < 7 else { return nil }
        if context.node.opType == "PRelu" {
            // PRelu-6: a 1-D slope of length C is per channel (axis 1).
            guard b.rank == 1, a.rank > 2, b.shape[0] == a.shape[1], b.shape[0] != a.shape[a.rank - 1] else { return nil }
            return b.shape + Array(repeating: 1, count: a.rank - 2)
        }
        guard try context.attributes.int("broadcast", default: 0) != 0 else {
            guard a.shape == b.shape else { throw context.invalid("shapes \(a.shape) and \(b.shape) differ without broadcast=1") }
            return nil
        }
        guard let axis = try context.attributes.int("axis") else { return nil }
        let start = axis < 0 ? axis + a.rank : axis
        guard start >= 0, start + b.rank <= a.rank else { throw context.invalid("axis \(axis) does not fit \(b.shape) into \(a.shape)") }
        return b.shape + Array(repeating: 1, count: a.rank - start - b.rank)
    }

    static let batchNorm: ShapeRule = { context in
        if context.node.outputs.dropFirst().contains(where: { !$0.isEmpty }) && context.opset >= 9 {
            throw context.unsupported("training mode outputs (running mean/var)")
        }
        return [try context.input(0)]
    }

    /// LayerNormalization: Y like X, then the optional Mean and InvStdDev, reduced over axis... .
    static let layerNorm: ShapeRule = { context in
        let x = try context.input(0)
        let axis = try context.axis(try context.attributes.int("axis", default: -1), rank: x.rank)
        let statistics = TensorInfo(.float32, Array(x.shape[..<axis]) + Array(repeating: 1, count: x.rank - axis))
        return [x, statistics, statistics]
    }

    static let comparison: ShapeRule = { context in
        var result = try broadcasting(context)
        result[0].type = .bool
        return result
    }

    static let predicate: ShapeRule = { context in [TensorInfo(.bool, try context.input(0).shape)] }

    static let whereRule: ShapeRule = { context in
        let (condition, x, y) = (try context.input(0), try context.input(1), try context.input(2))
        guard let shape = broadcastShapes([condition.shape, x.shape, y.shape]) else {
            throw context.invalid("shapes \(condition.shape), \(x.shape), \(y.shape) do not broadcast")
        }
        return [TensorInfo(x.type, shape)]
    }

    static let cast: ShapeRule = { context in
        let code = try context.attributes.int("to", default: 1)
        guard let type = ElementType(onnxCode: Int32(code)) else {
            throw ONNXError.unsupportedType("node '\(context.node.name)' casts to \(ElementType.onnxName(code: Int32(code)))")
        }
        return [TensorInfo(type, try context.input(0).shape)]
    }

    static let castLike: ShapeRule = { context in [TensorInfo(try context.input(1).type, try context.input(0).shape)] }

    /// Dropout in inference mode passes X through; its optional mask output is all true.
    static let dropout: ShapeRule = { context in
        let x = try context.input(0)
        if context.hasInput(2) {
            guard let training = context.constants[2]?.bools.first else { throw context.unsupported("training_mode given at run time") }
            if training { throw context.unsupported("training mode (random masks)") }
        }
        return [x, TensorInfo(.bool, x.shape)]
    }

    static let rules: [String: ShapeRule] = {
        var rules: [String: ShapeRule] = [:]
        for op in UnaryOps.expressions.keys { rules[op] = sameShape }
        for op in ["Clip", "Identity", "Softmax", "LogSoftmax", "Hardmax",
                   "InstanceNormalization", "LRN"] { rules[op] = sameShape }
        for op in BinaryOps.arithmetic.keys { rules[op] = broadcasting }
        for op in ["Max", "Min", "Sum", "Mean", "PRelu"] { rules[op] = broadcasting }
        for op in BinaryOps.comparisons.keys { rules[op] = comparison }
        for op in ["IsNaN", "IsInf"] { rules[op] = predicate }
        rules["Where"] = whereRule
        rules["Cast"] = cast
        rules["CastLike"] = castLike
        rules["Dropout"] = dropout
        rules["LayerNormalization"] = layerNorm
        rules["Trilu"] = sameShape
        rules["BatchNormalization"] = batchNorm
        return rules
    }()
}
