/// Data movement: every output element reads one input element at an offset computed from its
/// coordinates (Transpose, Slice, Gather, GatherElements, Pad, Expand, Tile, DepthToSpace,
/// SpaceToDepth); Concat and Split run one dispatch per input/output piece.
enum LayoutKernels {
    /// A kernel writing Y[i] = X[<source>] where `source` is built from the output coordinates `c<axis>`.
    static func gather(_ context: KernelContext, source: String, prelude: String = "", extra: [(String, ElementType)] = []) throws -> KernelPlan {
        let x = try context.input(0)
        let out = context.outputs[0]
        let body = """
            \(WGSL.coordinates("i", shape: out.shape))
            \(prelude)
            Y[i] = X[\(source)];
        """
        let list = [("X", x.type, false)] + extra.map { ($0.0, $0.1, false) } + [("Y", out.type, true)]
        return ElementwiseKernels.single(count: out.count, list, body: body, prelude: "")
    }

    static func offset(_ terms: [String], _ shape: [Int]) -> String {
        let strides = WGSL.strides(shape)
        let parts = terms.indices.filter { shape[$0] != 1 }.map { "(\(terms[$0])) * \(strides[$0])" }
        return parts.isEmpty ? "0" : parts.joined(separator: " + ")
    }

    static func transpose(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let perm = try LayoutShapes.permutation(context.shapes, rank: x.rank)
        var terms = [String](repeating: "0", count: x.rank)
        for (outAxis, inAxis) in perm.enumerated() { terms[inAxis] = "c\(outAxis)" }
        return try gather(context, source: offset(terms, x.shape))
    }

    static func slice(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let axes = try LayoutParameters.slice(context.shapes)
        let terms = axes.enumerated().map { "\($0.element.start) + c\($0.offset) * \($0.element.step)" }
        return try gather(context, source: offset(terms, x.shape))
    }

    static func expand(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        return try gather(context, source: WGSL.broadcastOffset(x.shape, outShape: context.outputs[0].shape))
    }

    static func tile(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        return try gather(context, source: offset(x.shape.indices.map { "c\($0) % \(x.shape[$0])" }, x.shape))
    }

    static func gatherOp(_ context: KernelContext) throws -> KernelPlan {
        let (x, indices) = (try context.input(0), try context.input(1))
        let axis = try context.shapes.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        let r = indices.rank
        let indexOffset = offset((0..<r).map { "c\(axis + $0)" }, indices.shape)
        let prelude = """
            var at = I[\(indexOffset)];
            if (at < 0) { at += \(x.shape[axis]); }
            at = clamp(at, 0, \(x.shape[axis] - 1));
        """
        var terms = (0..<axis).map { "c\($0)" } + ["at"]
        terms += ((axis + 1)..<x.rank).map { "c\($0 + r - 1)" }
        return try gather(context, source: offset(terms, x.shape), prelude: prelude, extra: [("I", indices.type)])
    }

    static func gatherElements(_ context: KernelContext) throws -> KernelPlan {
        let (x, indices) = (try context.input(0), try context.input(1))
        let axis = try context.shapes.axis(try context.attributes.int("axis", default: 0), rank: x.rank)
        let prelude = """
            var at = I[i];
            if (at < 0) { at += \(x.shape[axis]); }
            at = clamp(at, 0, \(x.shape[axis] - 1));
        """
        let terms = (0..<x.rank).map { $0 == axis ? "at" : "c\($0)" }
        _ = indices
        return try gather(context, source: offset(terms, x.shape), prelude: prelude, extra: [("I", indices.type)])
    }

    static func pad(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let (begin, _, mode, value) = try LayoutParameters.pad(context.shapes)
        var prelude = "var inside = true;\n"
        var terms: [String] = []
        for axis in 0..<x.rank {
            let dim = x.shape[axis]
            prelude += "    var p\(axis) = c\(axis) - \(begin[axis]);\n"
            switch mode {
            case "reflect":
                prelude += "    if (p\(axis) < 0) { p\(axis) = -p\(axis); } if (p\(axis) >= \(dim)) { p\(axis) = \(2 * dim - 2) - p\(axis); }\n"
            case "edge":
                prelude += "    p\(axis) = clamp(p\(axis), 0, \(dim - 1));\n"
            case "wrap":
                prelude += "    p\(axis) = ((p\(axis) % \(dim)) + \(dim)) % \(dim);\n"
            default:
                prelude += "    if (p\(axis) < 0 || p\(axis) >= \(dim)) { inside = false; p\(axis) = 0; }\n"
            }
            terms.append("p\(axis)")
        }
        let fill = x.type.isFloat ? WGSL.literal(value) : x.type == .bool ? "\(value != 0 ? 1 : 0)u" : "\(Int32(value))"
        let out = context.outputs[0]
        let body = """
            \(WGSL.coordinates("i", shape: out.shape))
            \(prelude)
            Y[i] = select(\(fill), X[\(offset(terms, x.shape))], inside);
        """
        return ElementwiseKernels.single(count: out.count, [("X", x.type, false), ("Y", out.type, true)], body: body, prelude: "")
    }

    static func depthToSpace(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let block = try context.attributes.int("blocksize", default: 1)
        let crd = try context.attributes.string("mode", default: "DCR") == "CRD"
        let channels = context.outputs[0].shape[1]
        let prelude = """
            let by = c2 % \(block);
            let bx = c3 % \(block);
            let ic = \(crd ? "c1 * \(block * block) + by * \(block) + bx" : "(by * \(block) + bx) * \(channels) + c1");
        """
        return try gather(context, source: offset(["c0", "ic", "c2 / \(block)", "c3 / \(block)"], x.shape), prelude: prelude)
    }

    static func spaceToDepth(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let block = try context.attributes.int("blocksize", default: 1)
        let prelude = """
            let b = c1 / \(x.shape[1]);
            let ic = c1 % \(x.shape[1]);
        """
        let terms = ["c0", "ic", "c2 * \(block) + b / \(block)", "c3 * \(block) + b % \(block)"]
        return try gather(context, source: offset(terms, x.shape), prelude: prelude)
    }

    /// Concat: one dispatch per input, each copying into its slab of the output along the axis.
    static func concat(_ context: KernelContext) throws -> KernelPlan {
        let out = context.outputs[0]
        let axis = try context.shapes.axis(try LayoutShapes.concatAxis(context.shapes), rank: out.rank)
        let inner = out.shape[(axis + 1)...].reduce(1, *)
        var start = 0
        var dispatches: [Dispatch] = []
        for index in context.node.inputs.indices where context.hasInput(index) {
            let x = try context.input(index)
            let dim = x.shape[axis]
            let body = "    Y[(i / \(dim * inner)) * \(out.shape[axis] * inner) + \(start * inner) + i % \(dim * inner)] = X[i];"
            var plan = ElementwiseKernels.single(count: x.count, [("X", x.type, false), ("Y", out.type, true)], body: body, prelude: "")
            for i in plan.dispatches.indices { plan.dispatches[i].bindings = [.input(index), .output(0)] }
            dispatches += plan.dispatches
            start += dim
        }
        return KernelPlan(dispatches: dispatches)
    }

    /// Split: one dispatch per output, each reading its slab of the input.
    static func split(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        let (axis, sizes) = try LayoutParameters.split(context.shapes)
        let inner = x.shape[(axis + 1)...].reduce(1, *)
        var start = 0
        var dispatches: [Dispatch] = []
        for (index, size) in sizes.enumerated() {
            let count = x.count / max(x.shape[axis], 1) * size
            let body = "    Y[i] = X[(i / \(size * inner)) * \(x.shape[axis] * inner) + \(start * inner) + i % \(size * inner)];"
            var plan = ElementwiseKernels.single(count: count, [("X", x.type, false), ("Y", x.type, true)], body: body, prelude: "")
            for i in plan.dispatches.indices { plan.dispatches[i].bindings = [.input(0), .output(index)] }
            dispatches += plan.dispatches
            start += size
        }
        return KernelPlan(dispatches: dispatches)
    }

    /// Trilu: keeps the upper (j − i ≥ k) or lower (j − i ≤ k) triangle of each matrix, zeroes the rest.
    static func trilu(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        guard x.rank >= 2 else { throw context.shapes.invalid("Trilu needs rank >= 2") }
        let k = try context.shapes.constant(1)?.int64s.first.map { Int(clamping: $0) } ?? 0
        let upper = try context.attributes.int("upper", default: 1) != 0
        let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let zero = x.type.isFloat ? "0.0" : x.type == .bool ? "0u" : "0"
        let body = """
            let j = i % \(columns);
            let r = (i / \(columns)) % \(rows);
            Y[i] = select(\(zero), X[i], j - r \(upper ? ">=" : "<=") \(k));
        """
        return ElementwiseKernels.single(count: x.count, [("X", x.type, false), ("Y", x.type, true)], body: body, prelude: "")
    }

    static func view(_ context: KernelContext) throws -> KernelPlan { .view }
}
