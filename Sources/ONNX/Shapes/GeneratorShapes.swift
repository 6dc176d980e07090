/// Shape rules of ops whose output is made from shapes or attributes: Shape, Size, Constant,
/// ConstantOfShape, Range. Their values are always computed on the host (see `HostEvaluator`).
enum GeneratorShapes {
    static let shape: ShapeRule = { context in
        let x = try context.input(0)
        let (start, end) = try shapeRange(context, rank: x.rank)
        return [TensorInfo(.int64, [max(0, end - start)])]
    }

    /// Shape's start/end attributes (opset 15), clamped to the rank.
    static func shapeRange(_ context: ShapeContext, rank: Int) throws -> (Int, Int) {
        func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
        return (clamp(try context.attributes.int("start", default: 0)), clamp(try context.attributes.int("end", default: rank)))
    }

    static let size: ShapeRule = { _ in [TensorInfo(.int64, [])] }

    static let constant: ShapeRule = { context in
        let value = try HostEvaluator.constantValue(context)
        return [TensorInfo(value.type, value.shape)]
    }

    static let constantOfShape: ShapeRule = { context in
        let shape = try context.constant(0)?.int64s.map(LayoutParameters.clampToInt) ?? []
        let type = try context.attributes.tensor("value")?.type ?? .float32
        return [TensorInfo(type, shape)]
    }

    static let range: ShapeRule = { context in
        let (start, limit, delta) = (try context.constant(0), try context.constant(1), try context.constant(2))
        guard let start, let limit, let delta else { throw context.invalid("start, limit and delta are required") }
        let d = delta.floats[0]
        guard d != 0 else { throw context.invalid("delta 0") }
        return [TensorInfo(start.type, [HostEvaluator.rangeCount(start: start.floats[0], limit: limit.floats[0], delta: d)])]
    }

    static let rules: [String: ShapeRule] = [
        "Shape": shape, "Size": size, "Constant": constant, "ConstantOfShape": constantOfShape, "Range": range,
    ]
}
