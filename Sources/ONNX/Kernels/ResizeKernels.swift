/// Resize/Upsample in nearest and (multi-)linear modes. Each resized axis maps its output coordinate
/// back to the input with the coordinate transformation mode; linear mode blends the 2^k corners of
/// the k resized axes.
enum ResizeKernels {
    static func resize(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let p = try ResizeParameters.resolve(context.shapes)
        guard p.mode != "cubic" else { throw context.unsupported("cubic mode") }
        let out = context.outputs[0]
        let resized = x.shape.indices.filter { x.shape[$0] != out.shape[$0] || p.scales[$0] != 1 }
        var prelude = ""
        for axis in resized {
            prelude += "    let o\(axis) = \(original(axis, p, input: x.shape[axis], output: out.shape[axis]));\n"
            if p.mode == "nearest" {
                prelude += "    let n\(axis) = clamp(i32(\(rounding("o\(axis)", p.nearestMode))), 0, \(x.shape[axis] - 1));\n"
            } else {
                prelude += """
                    let q\(axis) = clamp(o\(axis), 0.0, \(Float(x.shape[axis] - 1)));
                    let lo\(axis) = i32(floor(q\(axis)));
                    let hi\(axis) = min(lo\(axis) + 1, \(x.shape[axis] - 1));
                    let w\(axis) = q\(axis) - f32(lo\(axis));

                """
            }
        }
        let body: String
        if p.mode == "nearest" {
            let terms = x.shape.indices.map { resized.contains($0) ? "n\($0)" : "c\($0)" }
            body = "    \(prelude)\n    Y[i] = X[\(LayoutKernels.offset(terms, x.shape))];"
        } else {
            var blend = "    var v = 0.0;\n"
            for corner in 0..<(1 << resized.count) {
                var weight: [String] = []
                let terms = x.shape.indices.map { axis -> String in
                    guard let k = resized.firstIndex(of: axis) else { return "c\(axis)" }
                    let high = corner & (1 << k) != 0
                    weight.append(high ? "w\(axis)" : "(1.0 - w\(axis))")
                    return high ? "hi\(axis)" : "lo\(axis)"
                }
                blend += "    v += \(weight.isEmpty ? "1.0" : weight.joined(separator: " * ")) * X[\(LayoutKernels.offset(terms, x.shape))];\n"
            }
            body = prelude + blend + "    Y[i] = v;"
        }
        let full = "    \(WGSL.coordinates("i", shape: out.shape))\n" + body
        return ElementwiseKernels.single(count: out.count, [("X", .float32, false), ("Y", .float32, true)], body: full, prelude: "")
    }

    /// The input coordinate (as f32 WGSL) that output coordinate c<axis> maps to.
    private static func original(_ axis: Int, _ p: ResizeParameters, input: Int, output: Int) -> String {
        let scale = WGSL.literal(p.scales[axis])
        let c = "f32(c\(axis))"
        switch p.coordinateMode {
        case "asymmetric": return "\(c) / \(scale)"
        case "align_corners":
            // The resized length is input × scale, unrounded (it equals the output length when sizes are given).
            let resized = Float(input) * p.scales[axis]
            return resized <= 1 ? "0.0" : "\(c) * \(WGSL.literal(Float(input - 1) / (resized - 1)))"
        case "pytorch_half_pixel": return output > 1 ? "(\(c) + 0.5) / \(scale) - 0.5" : "0.0"
        case "half_pixel_symmetric":
            let adjustment = Float(output) / (p.scales[axis] * Float(input))
            let offset = Float(input) / 2 * (1 - adjustment)
            return "\(WGSL.literal(offset)) + (\(c) + 0.5) / \(scale) - 0.5"
        default: return "(\(c) + 0.5) / \(scale) - 0.5"
        }
    }

    private static func rounding(_ value: String, _ mode: String) -> String {
        switch mode {
        case "floor": return "floor(\(value))"
        case "ceil": return "ceil(\(value))"
        case "round_prefer_ceil": return "floor(\(value) + 0.5)"
        default: return "ceil(\(value) - 0.5)"
        }
    }
}
