/// Shape rules of the elementwise ops: same-shape unary ops, broadcasting binary/variadic ops,
/// comparisons and logic (bool results), Where and Cast.
enum ElementwiseShapes {
    static let sameShape: ShapeRule = { context in [try context.input(0)] }

    static let broadcasting: ShapeRule = { context in
        let inputs = try context.inputs.indices.filter(context.hasInput).map(context.input)
        guard let first = inputs.first else { throw context.invalid("no inputs") }
        guard let shape = broadcastShapes(inputs.map(\.shape)) else {
            throw context.invalid("shapes \(inputs.map(\.shape)) do not broadcast")
        }
        return [TensorInfo(first.type, shape)]
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
        return [x, TensorInfo(.bool, x.shape)]
    }

    static let rules: [String: ShapeRule] = {
        var rules: [String: ShapeRule] = [:]
        for op in UnaryOps.expressions.keys { rules[op] = sameShape }
        for op in ["Clip", "Identity", "Softmax", "LogSoftmax", "Hardmax", "BatchNormalization",
                   "InstanceNormalization", "LRN"] { rules[op] = sameShape }
        for op in BinaryOps.arithmetic.keys { rules[op] = broadcasting }
        for op in ["Max", "Min", "Sum", "Mean", "PRelu"] { rules[op] = broadcasting }
        for op in BinaryOps.comparisons.keys { rules[op] = comparison }
        for op in ["IsNaN", "IsInf"] { rules[op] = predicate }
        rules["Where"] = whereRule
        rules["Cast"] = cast
        rules["CastLike"] = castLike
        rules["Dropout"] = dropout
        return rules
    }()
}
