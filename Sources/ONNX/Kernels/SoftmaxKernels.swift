/// Softmax, LogSoftmax and Hardmax: one thread per row (max, sum of exponentials, write), rows laid
/// out as (outer, axis, inner). Before opset 13 the input is coerced to 2-D at `axis`.
enum SoftmaxKernels {
    static func softmax(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let since13 = context.shapes.opset >= 13
        let raw = try context.attributes.int("axis", default: since13 ? -1 : 1)
        let axis = try context.shapes.axis(raw, rank: x.rank)
        let (dim, inner) = since13 ? (x.shape[axis], x.shape[(axis + 1)...].reduce(1, *)) : (x.shape[axis...].reduce(1, *), 1)
        let rows = x.count / max(dim, 1)
        let write: String
        switch context.node.opType {
        case "LogSoftmax": write = "Y[base + j * \(inner)] = X[base + j * \(inner)] - m - log(s);"
        case "Hardmax": write = "Y[base + j * \(inner)] = select(0.0, 1.0, j == first);"
        default: write = "Y[base + j * \(inner)] = exp(X[base + j * \(inner)] - m) / s;"
        }
        let body = """
            let base = (i / \(inner)) * \(dim * inner) + i % \(inner);
            var m = bitcast<f32>(0xff800000u);
            var first = 0;
            for (var j = 0; j < \(dim); j++) {
                let x = X[base + j * \(inner)];
                if (x > m) { m = x; first = j; }
            }
            var s = 0.0;
            for (var j = 0; j < \(dim); j++) { s += exp(X[base + j * \(inner)] - m); }
            for (var j = 0; j < \(dim); j++) { \(write) }
        """
        return ElementwiseKernels.single(count: rows, [("X", .float32, false), ("Y", .float32, true)], body: body, prelude: "")
    }
}
