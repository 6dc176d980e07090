/// Shape rules of the Reduce* ops and ArgMax/ArgMin.
enum ReductionShapes {
    /// The reduce ops and the opset from which their axes are an input rather than an attribute.
    static let axesInputSince: [String: Int] = [
        "ReduceSum": 13, "ReduceMean": 18, "ReduceMax": 18, "ReduceMin": 18, "ReduceProd": 18,
        "ReduceL1": 18, "ReduceL2": 18, "ReduceLogSum": 18, "ReduceLogSumExp": 18, "ReduceSumSquare": 18,
    ]

    /// The axes a reduce node reduces (all when none are given, unless noop_with_empty_axes).
    static func reducedAxes(_ context: ShapeContext) throws -> [Int] {
        let x = try context.input(0)
        let since = axesInputSince[context.node.opType] ?? 18
        let axes = try LayoutParameters.axes(context, inputSinceOpset: since, rank: x.rank) ?? []
        if axes.isEmpty {
            return try context.attributes.int("noop_with_empty_axes", default: 0) != 0 ? [] : Array(0..<x.rank)
        }
        return axes
    }

    static let reduce: ShapeRule = { context in
        let x = try context.input(0)
        let axes = try reducedAxes(context)
        let keep = try context.attributes.int("keepdims", default: 1) != 0
        let shape = x.shape.indices.compactMap { axis -> Int? in
            axes.contains(axis) ? (keep ? 1 : nil) : x.shape[axis]
        }
        return [TensorInfo(x.type, shape)]
    }

    static let argReduce: ShapeRule = { context in
        let x = try context.input(0)
        let axis = try context.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        var shape = x.shape
        if try context.attributes.int("keepdims", default: 1) != 0 { shape[axis] = 1 } else { shape.remove(at: axis) }
        return [TensorInfo(.int64, shape)]
    }

    static let rules: [String: ShapeRule] = {
        var rules: [String: ShapeRule] = [:]
        for op in axesInputSince.keys { rules[op] = reduce }
        rules["ArgMax"] = argReduce
        rules["ArgMin"] = argReduce
        return rules
    }()
}
