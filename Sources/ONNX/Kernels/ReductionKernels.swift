/// Reduce* and ArgMax/ArgMin: one thread per output element walking the reduced axes, whose
/// extents and strides are baked in. Whole-plane reductions of contiguous data use the workgroup
/// reduction of `PoolKernels.planeReduction`.
enum ReductionKernels {
    /// (initial value, per-element accumulation of `x` into `v`, final expression of `v` and count `n`).
    static let formulas: [String: (String, String, String)] = [
        "ReduceSum": ("0.0", "v += x;", "v"),
        "ReduceMean": ("0.0", "v += x;", "v / n"),
        "ReduceMax": ("bitcast<f32>(0xff800000u)", "v = max(v, x);", "v"),
        "ReduceMin": ("bitcast<f32>(0x7f800000u)", "v = min(v, x);", "v"),
        "ReduceProd": ("1.0", "v *= x;", "v"),
        "ReduceL1": ("0.0", "v += abs(x);", "v"),
        "ReduceL2": ("0.0", "v += x * x;", "sqrt(v)"),
        "ReduceSumSquare": ("0.0", "v += x * x;", "v"),
        "ReduceLogSum": ("0.0", "v += x;", "log(v)"),
        "ReduceLogSumExp": ("0.0", "v += exp(x);", "log(v)"),
    ]

    static func reduce(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let out = context.outputs[0]
        guard let (initial, step, finish) = formulas[context.node.opType] else { throw context.unsupported("no formula") }
        let axes = try ReductionShapes.reducedAxes(context.shapes)
        let reducedCount = axes.reduce(1) { $0 * x.shape[$1] }
        if !x.type.isFloat {
            guard x.type.isInteger, ["ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd"].contains(context.node.opType) else {
                throw ONNXError.unsupportedType("node '\(context.node.name)' (\(context.node.opType)) on \(x.type.rawValue)")
            }
        }
        if axes.isEmpty {
            return ElementwiseKernels.single(count: x.count, [("X", x.type, false), ("Y", x.type, true)],
                                             body: "    let x = X[i];\n    var v = x;\n    \(identityFinish(context.node.opType))\n    Y[i] = v;", prelude: "")
        }
        let wgslType = x.type.wgslType
        let typedInitial = x.type.isFloat ? initial : integerInitial(context.node.opType)
        let keptAxes = x.shape.indices.filter { !axes.contains($0) }
        let strides = WGSL.strides(x.shape)
        let keptShape = keptAxes.map { x.shape[$0] }
        let reducedShape = axes.map { x.shape[$0] }
        let base = keptAxes.enumerated().map { "k\($0.offset) * \(strides[$0.element])" }.joined(separator: " + ")
        let inner = axes.enumerated().map { "r\($0.offset) * \(strides[$0.element])" }.joined(separator: " + ")
        let body = """
            \(WGSL.coordinates("i", shape: keptShape, prefix: "k"))
            let base = \(base.isEmpty ? "0" : base);
            var v: \(wgslType) = \(typedInitial);
            let n = \(Float(reducedCount));
            for (var j = 0; j < \(reducedCount); j++) {
                \(WGSL.coordinates("j", shape: reducedShape, prefix: "r"))
                let x = X[base + \(inner)];
                \(step)
            }
            Y[i] = \(x.type.isFloat ? finish : "v");
        """
        return ElementwiseKernels.single(count: out.count, [("X", x.type, false), ("Y", out.type, true)], body: body, prelude: "")
    }

    /// noop_with_empty_axes: the reduce is the identity, but the L2/square/log forms still apply per element.
    private static func identityFinish(_ op: String) -> String {
        switch op {
        case "ReduceL1": return "v = abs(v);"
        case "ReduceSumSquare", "ReduceL2": return op == "ReduceL2" ? "v = abs(v);" : "v = v * v;"
        case "ReduceLogSum": return "v = log(v);"
        case "ReduceLogSumExp": return ""
        default: return ""
        }
    }

    private static func integerInitial(_ op: String) -> String {
        switch op {
        case "ReduceMax": return "-2147483647 - 1"
        case "ReduceMin": return "2147483647"
        case "ReduceProd": return "1"
        default: return "0"
        }
    }

    static func argReduce(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let out = context.outputs[0]
        let axis = try context.shapes.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        let last = try context.attributes.int("select_last_index", default: 0) != 0
        let better = context.node.opType == "ArgMax" ? (last ? ">=" : ">") : (last ? "<=" : "<")
        let (outer, dim, inner) = (x.shape[..<axis].reduce(1, *), x.shape[axis], x.shape[(axis + 1)...].reduce(1, *))
        let body = """
            let base = (i / \(inner)) * \(dim * inner) + i % \(inner);
            var best = X[base];
            var index = 0;
            for (var j = 1; j < \(dim); j++) {
                let x = X[base + j * \(inner)];
                if (x \(better) best) { best = x; index = j; }
            }
            Y[i] = index;
        """
        _ = outer
        return ElementwiseKernels.single(count: out.count, [("X", x.type, false), ("Y", .int64, true)], body: body, prelude: "")
    }
}
