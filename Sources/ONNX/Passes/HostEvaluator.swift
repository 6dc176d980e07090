/// Evaluates the small, shape-computing ops on the host so that graphs whose shapes flow through
/// Shape → Gather → Concat → Reshape become static. The GPU kernels handle everything else.
enum HostEvaluator {
    /// Ops folded whenever their inputs are known; computation ops only up to `maxFoldedElements`.
    static let viewOps: Set<String> = ["Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Dropout"]
    static let computeOps: Set<String> = ["Cast", "Concat", "Gather", "Slice", "Add", "Sub", "Mul", "Div",
                                          "Equal", "Less", "Greater", "Where", "Expand", "Min", "Max", "Neg", "Abs"]
    static let maxFoldedElements = 1 << 16

    /// The outputs of `node` if it can be computed now, nil if it must run on the GPU.
    static func evaluate(_ context: ShapeContext, outputs: [TensorInfo]) throws -> [Tensor]? {
        let op = context.node.opType
        switch op {
        case "Constant": return [try constantValue(context)]
        case "Shape":
            let x = try context.input(0)
            let (start, end) = try GeneratorShapes.shapeRange(context, rank: x.rank)
            return [Tensor(shape: [max(0, end - start)], int64s: x.shape[start..<max(start, end)].map { Int64($0) })]
        case "Size": return [Tensor(shape: [], int64s: [Int64(try context.input(0).count)])]
        default: break
        }
        guard context.constants.indices.allSatisfy({ !context.hasInput($0) || context.constants[$0] != nil }) else { return nil }
        guard let x = context.constants.first ?? nil else { return nil }
        if viewOps.contains(op) {
            return op == "Dropout" ? [x, Tensor(shape: x.shape, bools: Array(repeating: true, count: x.count))].prefix(outputs.count).map { $0 }
                : [x.reshaped(outputs[0].shape)]
        }
        // Binary ops before opset 7 broadcast differently (see ElementwiseShapes.legacyShape); the GPU runs them.
        if context.opset < 7 && !isGenerator(op) && op != "Cast" && op != "Concat" && op != "Gather" { return nil }
        guard isGenerator(op) || (computeOps.contains(op) && outputs.allSatisfy({ $0.count <= maxFoldedElements })) else { return nil }
        let out = outputs[0]
        switch op {
        case "ConstantOfShape":
            let value = try context.attributes.tensor("value") ?? Tensor(shape: [1], floats: [0])
            return [make(value.type, out.shape, ints: Array(repeating: value.int64s.first ?? 0, count: out.count),
                         floats: Array(repeating: value.floats.first ?? 0, count: out.count))]
        case "Range":
            let (start, delta) = (x.floats[0], context.constants[2]!.floats[0])
            if x.type.isFloat { return [Tensor(shape: out.shape, floats: (0..<out.count).map { start + Float($0) * delta }, type: x.type)] }
            let (s, d) = (x.int64s[0], context.constants[2]!.int64s[0])
            return [Tensor(shape: out.shape, int64s: (0..<out.count).map { s + Int64($0) * d }, type: x.type)]
        case "Cast":
            if out.type == .bool { return [Tensor(shape: out.shape, bools: x.floats.map { $0 != 0 })] }
            return [make(out.type, out.shape, ints: x.int64s, floats: x.floats)]
        case "Neg", "Abs":
            return [make(out.type, out.shape, ints: x.int64s.map { op == "Neg" ? -$0 : abs($0) }, floats: x.floats.map { op == "Neg" ? -$0 : abs($0) })]
        case "Concat", "Gather", "Slice", "Expand", "Where":
            return [try gatherLike(op, context, out)]
        default:
            // Binary ops (Min/Max may be variadic: only the two-input form folds here).
            guard context.constants.compactMap({ $0 }).count == 2 else { return nil }
            return [try gatherLike(op, context, out)]
        }
    }

    /// Ops computed by mapping each output element to input elements.
    private static func gatherLike(_ op: String, _ context: ShapeContext, _ out: TensorInfo) throws -> Tensor {
        let inputs = context.constants.compactMap { $0 }
        let x = inputs[0]
        var ints = [Int64](), floats = [Float]()
        ints.reserveCapacity(out.count)
        floats.reserveCapacity(out.count)
        func append(_ tensor: Tensor, _ offset: Int) {
            if tensor.type.isFloat { floats.append(tensor.floats[offset]) } else { ints.append(tensor.int64s[offset]) }
        }
        let outStrides = strides(out.shape)
        let sliceAxes = op == "Slice" ? try LayoutParameters.slice(context) : []
        for linear in 0..<out.count {
            let index = out.shape.indices.map { (linear / outStrides[$0]) % max(out.shape[$0], 1) }
            switch op {
            case "Concat":
                let axis = try context.axis(try LayoutShapes.concatAxis(context), rank: out.rank)
                var position = index[axis]
                for tensor in inputs {
                    if position < tensor.shape[axis] {
                        var inner = index
                        inner[axis] = position
                        append(tensor, offset(inner, tensor.shape))
                        break
                    }
                    position -= tensor.shape[axis]
                }
            case "Gather":
                let axis = try context.axis(try context.attributes.int("axis", default: 0), rank: x.shape.count)
                let indices = inputs[1]
                let inner = Array(index[axis..<(axis + indices.shape.count)])
                var at = Int(indices.int64s[offset(inner, indices.shape)])
                if at < 0 { at += x.shape[axis] }
                guard at >= 0 && at < x.shape[axis] else { throw context.invalid("gather index out of range") }
                append(x, offset(Array(index[..<axis]) + [at] + Array(index[(axis + indices.shape.count)...]), x.shape))
            case "Slice":
                append(x, offset(index.indices.map { sliceAxes[$0].start + index[$0] * sliceAxes[$0].step }, x.shape))
            case "Expand":
                append(x, broadcastOffset(index, x.shape))
            case "Where":
                let condition = inputs[0].bools[broadcastOffset(index, inputs[0].shape)]
                let chosen = condition ? inputs[1] : inputs[2]
                append(chosen, broadcastOffset(index, chosen.shape))
            default:
                let (a, b) = (inputs[0], inputs[1])
                let (i, j) = (broadcastOffset(index, a.shape), broadcastOffset(index, b.shape))
                if a.type.isFloat {
                    let (u, v) = (a.floats[i], b.floats[j])
                    switch op {
                    case "Add": floats.append(u + v)
                    case "Sub": floats.append(u - v)
                    case "Mul": floats.append(u * v)
                    case "Div": floats.append(u / v)
                    case "Min": floats.append(min(u, v))
                    case "Max": floats.append(max(u, v))
                    case "Equal": ints.append(u == v ? 1 : 0)
                    case "Less": ints.append(u < v ? 1 : 0)
                    default: ints.append(u > v ? 1 : 0)
                    }
                } else {
                    let (u, v) = (a.int64s[i], b.int64s[j])
                    switch op {
                    case "Add": ints.append(u &+ v)
                    case "Sub": ints.append(u &- v)
                    case "Mul": ints.append(u &* v)
                    case "Div":
                        guard v != 0 else { throw context.invalid("integer division by zero") }
                        ints.append(u / v)
                    case "Min": ints.append(min(u, v))
                    case "Max": ints.append(max(u, v))
                    case "Equal": ints.append(u == v ? 1 : 0)
                    case "Less": ints.append(u < v ? 1 : 0)
                    default: ints.append(u > v ? 1 : 0)
                    }
                }
            }
        }
        return make(out.type, out.shape, ints: ints, floats: floats)
    }

    private static func isGenerator(_ op: String) -> Bool { op == "ConstantOfShape" || op == "Range" }

    static func constantValue(_ context: ShapeContext) throws -> Tensor {
        let attributes = context.node.attributes.values
        if case .tensor(let tensor)? = attributes["value"] { return tensor }
        if case .float(let value)? = attributes["value_float"] { return Tensor(shape: [], floats: [value]) }
        if case .floats(let values)? = attributes["value_floats"] { return Tensor(shape: [values.count], floats: values) }
        if case .int(let value)? = attributes["value_int"] { return Tensor(shape: [], int64s: [Int64(value)]) }
        if case .ints(let values)? = attributes["value_ints"] { return Tensor(shape: [values.count], int64s: values.map { Int64($0) }) }
        throw context.unsupported("only value, value_float(s) and value_int(s) constants are supported")
    }

    static func rangeCount(start: Float, limit: Float, delta: Float) -> Int {
        max(0, Int((Double(limit - start) / Double(delta)).rounded(.up)))
    }

    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    private static func offset(_ index: [Int], _ shape: [Int]) -> Int {
        zip(index, strides(shape)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The offset of a broadcast operand's element for an output index (size-1 axes repeat).
    private static func broadcastOffset(_ index: [Int], _ shape: [Int]) -> Int {
        let tail = Array(index.suffix(shape.count))
        return offset(tail.indices.map { shape[$0] == 1 ? 0 : tail[$0] }, shape)
    }

    private static func make(_ type: ElementType, _ shape: [Int], ints: [Int64], floats: [Float]) -> Tensor {
        switch type {
        case .float32, .float16: return Tensor(shape: shape, floats: floats.isEmpty && !ints.isEmpty ? ints.map { Float($0) } : floats, type: type)
        case .bool: return Tensor(shape: shape, bools: (ints.isEmpty ? floats.map { Int64($0 != 0 ? 1 : 0) } : ints).map { $0 != 0 })
        case .int64, .int32:
            return Tensor(shape: shape, int64s: ints.isEmpty && !floats.isEmpty ? floats.map { $0.isFinite ? Int64($0) : 0 } : ints, type: type)
        }
    }
}
