/// Shape rules of the data-movement ops (views, Transpose, Concat, Split, Slice, Gather, Pad, Expand, Tile...).
enum LayoutShapes {
    static let reshape: ShapeRule = { context in
        let x = try context.input(0)
        let requested = context.opset < 5 ? (try context.attributes.ints("shape") ?? [])
            : (try context.constant(1)?.int64s.map(LayoutParameters.clampToInt) ?? [])
        let allowZero = try context.attributes.int("allowzero", default: 0) != 0
        var shape = requested.enumerated().map { index, dim in
            dim == 0 && !allowZero && index < x.rank ? x.shape[index] : dim
        }
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        if let inferred = shape.firstIndex(of: -1) {
            guard known > 0, x.count % known == 0 else { throw context.invalid("cannot reshape \(x.shape) to \(requested)") }
            shape[inferred] = x.count / known
        }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == x.count else {
            throw context.invalid("cannot reshape \(x.shape) to \(requested)")
        }
        return [TensorInfo(x.type, shape)]
    }

    static let flatten: ShapeRule = { context in
        let x = try context.input(0)
        let raw = try context.attributes.int("axis", default: 1)
        let axis = raw < 0 ? raw + x.rank : raw
        guard axis >= 0 && axis <= x.rank else { throw context.invalid("axis \(raw) out of range") }
        return [TensorInfo(x.type, [x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)])]
    }

    static let squeeze: ShapeRule = { context in
        let x = try context.input(0)
        let axes = try LayoutParameters.axes(context, inputSinceOpset: 13, rank: x.rank)
            ?? x.shape.indices.filter { x.shape[$0] == 1 }
        for axis in axes where x.shape[axis] != 1 { throw context.invalid("cannot squeeze axis \(axis) of size \(x.shape[axis])") }
        return [TensorInfo(x.type, x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] })]
    }

    static let unsqueeze: ShapeRule = { context in
        let x = try context.input(0)
        guard let axes = try LayoutParameters.axes(context, inputSinceOpset: 13, rank: x.rank + (try rawAxisCount(context))) else {
            throw context.invalid("axes are required")
        }
        var shape = x.shape
        for axis in axes.sorted() { shape.insert(1, at: min(axis, shape.count)) }
        return [TensorInfo(x.type, shape)]
    }

    private static func rawAxisCount(_ context: ShapeContext) throws -> Int {
        context.opset < 13 ? (try context.attributes.ints("axes")?.count ?? 0) : (try context.constant(1)?.count ?? 0)
    }

    static func permutation(_ context: ShapeContext, rank: Int) throws -> [Int] {
        let perm = try context.attributes.ints("perm") ?? Array((0..<rank).reversed())
        guard perm.sorted() == Array(0..<rank) else { throw context.invalid("perm \(perm) is not a permutation of rank \(rank)") }
        return perm
    }

    static let transpose: ShapeRule = { context in
        let x = try context.input(0)
        return [TensorInfo(x.type, try permutation(context, rank: x.rank).map { x.shape[$0] })]
    }

    static let concat: ShapeRule = { context in
        let inputs = try context.inputs.indices.filter(context.hasInput).map(context.input)
        guard let first = inputs.first else { throw context.invalid("no inputs") }
        let axis = try context.axis(try concatAxis(context), rank: first.rank)
        var shape = first.shape
        shape[axis] = 0
        for input in inputs {
            guard input.rank == first.rank, input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == first.shape[$0] }) else {
                throw context.invalid("input shapes \(inputs.map(\.shape)) differ outside axis \(axis)")
            }
            shape[axis] += input.shape[axis]
        }
        return [TensorInfo(first.type, shape)]
    }

    /// Concat's axis defaulted to 1 before opset 4.
    static func concatAxis(_ context: ShapeContext) throws -> Int {
        try context.attributes.int("axis", default: context.opset < 4 ? 1 : 0)
    }

    static let split: ShapeRule = { context in
        let x = try context.input(0)
        let (axis, sizes) = try LayoutParameters.split(context)
        return sizes.map { size in
            var shape = x.shape
            shape[axis] = size
            return TensorInfo(x.type, shape)
        }
    }

    static let slice: ShapeRule = { context in
        [TensorInfo(try context.input(0).type, try LayoutParameters.slice(context).map(\.count))]
    }

    static let gather: ShapeRule = { context in
        let (x, indices) = (try context.input(0), try context.input(1))
        let axis = try context.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        return [TensorInfo(x.type, Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...]))]
    }

    static let gatherElements: ShapeRule = { context in
        [TensorInfo(try context.input(0).type, try context.input(1).shape)]
    }

    static let pad: ShapeRule = { context in
        let x = try context.input(0)
        let (begin, end, _, _) = try LayoutParameters.pad(context)
        let shape = x.shape.indices.map { x.shape[$0] + begin[$0] + end[$0] }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw context.invalid("pads crop below zero") }
        return [TensorInfo(x.type, shape)]
    }

    static let expand: ShapeRule = { context in
        let x = try context.input(0)
        let target = try context.constant(1)?.int64s.map(LayoutParameters.clampToInt) ?? []
        guard let shape = broadcastShapes([x.shape, target]) else { throw context.invalid("\(x.shape) does not expand to \(target)") }
        return [TensorInfo(x.type, shape)]
    }

    static let tile: ShapeRule = { context in
        let x = try context.input(0)
        let repeats = try context.constant(1)?.int64s.map(LayoutParameters.clampToInt) ?? []
        guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else { throw context.invalid("repeats \(repeats) for rank \(x.rank)") }
        return [TensorInfo(x.type, zip(x.shape, repeats).map(*))]
    }

    static let depthToSpace: ShapeRule = { context in
        let x = try context.input(0)
        let block = try context.attributes.int("blocksize", default: 0)
        guard x.rank == 4, block > 0, x.shape[1] % (block * block) == 0 else { throw context.invalid("blocksize \(block) for \(x.shape)") }
        return [TensorInfo(x.type, [x.shape[0], x.shape[1] / (block * block), x.shape[2] * block, x.shape[3] * block])]
    }

    static let spaceToDepth: ShapeRule = { context in
        let x = try context.input(0)
        let block = try context.attributes.int("blocksize", default: 0)
        guard x.rank == 4, block > 0, x.shape[2] % block == 0, x.shape[3] % block == 0 else { throw context.invalid("blocksize \(block) for \(x.shape)") }
        return [TensorInfo(x.type, [x.shape[0], x.shape[1] * block * block, x.shape[2] / block, x.shape[3] / block])]
    }

    static let rules: [String: ShapeRule] = [
        "Reshape": reshape, "Flatten": flatten, "Squeeze": squeeze, "Unsqueeze": unsqueeze,
        "Transpose": transpose, "Concat": concat, "Split": split, "Slice": slice, "Gather": gather,
        "GatherElements": gatherElements, "Pad": pad, "Expand": expand, "Tile": tile,
        "DepthToSpace": depthToSpace, "SpaceToDepth": spaceToDepth,
    ]
}
