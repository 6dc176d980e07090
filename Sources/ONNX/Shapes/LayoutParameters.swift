/// Resolved parameters of the data-movement ops, shared by their shape rules and kernels.
enum LayoutParameters {
    /// Slice: per axis of the input, the first index, the step and the output length.
    struct SliceAxis: Equatable { var start: Int; var step: Int; var count: Int }

    static func slice(_ context: ShapeContext) throws -> [SliceAxis] {
        let x = try context.input(0)
        var starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?
        if context.opset < 10 {
            starts = try context.attributes.ints("starts") ?? []
            ends = try context.attributes.ints("ends") ?? []
            axes = try context.attributes.ints("axes")
        } else {
            starts = try context.constant(1).map { $0.int64s.map(clampToInt) } ?? []
            ends = try context.constant(2).map { $0.int64s.map(clampToInt) } ?? []
            axes = try context.constant(3).map { $0.int64s.map(clampToInt) }
            steps = try context.constant(4).map { $0.int64s.map(clampToInt) }
        }
        let axisList = try (axes ?? Array(0..<starts.count)).map { try context.axis($0, rank: x.rank) }
        let stepList = steps ?? Array(repeating: 1, count: starts.count)
        guard starts.count == ends.count, axisList.count == starts.count, stepList.count == starts.count else {
            throw context.invalid("starts/ends/axes/steps lengths differ")
        }
        var result = x.shape.map { SliceAxis(start: 0, step: 1, count: $0) }
        for (i, axis) in axisList.enumerated() {
            let dim = x.shape[axis]
            let step = stepList[i]
            guard step != 0 else { throw context.invalid("slice step 0") }
            var start = starts[i] < 0 ? starts[i] + dim : starts[i]
            var end = ends[i] < 0 ? ends[i] + dim : ends[i]
            if step > 0 {
                start = min(max(start, 0), dim)
                end = min(max(end, 0), dim)
                result[axis] = SliceAxis(start: start, step: step, count: max(0, (end - start + step - 1) / step))
            } else {
                start = min(max(start, 0), dim - 1)
                end = min(max(end, -1), dim - 1)
                result[axis] = SliceAxis(start: start, step: step, count: max(0, (start - end - step - 1) / -step))
            }
        }
        return result
    }

    /// Pad: begin/end pads per axis (negative pads crop) and the mode.
    static func pad(_ context: ShapeContext) throws -> (begin: [Int], end: [Int], mode: String, value: Float) {
        let x = try context.input(0)
        let mode = try context.attributes.string("mode", default: "constant")
        guard ["constant", "reflect", "edge", "wrap"].contains(mode) else { throw context.invalid("pad mode '\(mode)'") }
        var pads: [Int]
        var value: Float
        var axes = Array(0..<x.rank)
        if context.opset < 11 {
            pads = try context.attributes.ints("pads") ?? []
            value = try context.attributes.float("value", default: 0)
        } else {
            pads = try context.constant(1).map { $0.int64s.map(clampToInt) } ?? []
            value = try context.constant(2)?.floats.first ?? 0
            if let given = try context.constant(3) { axes = try given.int64s.map { try context.axis(clampToInt($0), rank: x.rank) } }
        }
        guard pads.count == 2 * axes.count else { throw context.invalid("pads has \(pads.count) values for \(axes.count) axes") }
        var begin = [Int](repeating: 0, count: x.rank), end = begin
        for (i, axis) in axes.enumerated() {
            begin[axis] = pads[i]
            end[axis] = pads[i + axes.count]
        }
        return (begin, end, mode, value)
    }

    /// Split: the output sizes along the axis.
    static func split(_ context: ShapeContext) throws -> (axis: Int, sizes: [Int]) {
        let x = try context.input(0)
        let axis = try context.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        let dim = x.shape[axis]
        var sizes: [Int]? = context.opset < 13 ? try context.attributes.ints("split") : try context.constant(1).map { $0.int64s.map(clampToInt) }
        let outputs = context.node.outputs.count
        if sizes == nil {
            let parts = try context.attributes.int("num_outputs") ?? outputs
            guard parts > 0 else { throw context.invalid("num_outputs must be positive") }
            let chunk = (dim + parts - 1) / parts
            sizes = (0..<parts).map { min(chunk, max(0, dim - $0 * chunk)) }
        }
        guard let sizes, sizes.reduce(0, +) == dim, sizes.count == outputs else {
            throw context.invalid("split sizes \(sizes ?? []) do not cover axis length \(dim) in \(outputs) outputs")
        }
        return (axis, sizes)
    }

    /// Axes given as an attribute before `inputSinceOpset` and as input 1 from then on.
    static func axes(_ context: ShapeContext, inputSinceOpset: Int, rank: Int) throws -> [Int]? {
        let raw = context.opset < inputSinceOpset ? try context.attributes.ints("axes") : try context.constant(1).map { $0.int64s.map(clampToInt) }
        return try raw.map { try $0.map { try context.axis($0, rank: rank) } }
    }

    static func clampToInt(_ value: Int64) -> Int { Int(clamping: value) }
}
