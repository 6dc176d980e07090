/// Helpers that write the repetitive parts of Kiln's WGSL: bindings, the 1-D grid over output elements,
/// and index arithmetic with every shape and stride baked in as a literal.
enum WGSL {
    static let workgroupSize = 256
    /// Workgroups per grid row; larger grids wrap into y (the per-dimension limit is 65535).
    static let maxGroupsX = 32768

    struct Binding {
        var name: String
        var type: String
        var writable: Bool
    }

    static func bindings(_ list: [Binding]) -> String {
        list.enumerated().map { index, binding in
            "@group(0) @binding(\(index)) var<storage, \(binding.writable ? "read_write" : "read")> \(binding.name): array<\(binding.type)>;"
        }.joined(separator: "\n")
    }

    /// A kernel running `body` once per index `i` in 0..<count (256 threads per workgroup).
    static func elementwise(count: Int, bindings list: [Binding], prelude: String = "", body: String) -> (String, (Int, Int, Int)) {
        let groups = max(1, (count + workgroupSize - 1) / workgroupSize)
        let x = min(groups, maxGroupsX)
        let y = (groups + x - 1) / x
        let source = """
        \(bindings(list))
        \(prelude)
        @compute @workgroup_size(\(workgroupSize))
        fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
            let i = i32(gid.x + gid.y * \(x * workgroupSize)u);
            if (i >= \(count)) { return; }
        \(body)
        }
        """
        return (source, (x, y, 1))
    }

    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] { HostEvaluator.strides(shape) }

    /// Statements declaring `let <prefix>0...` = the coordinates of linear index `index` in `shape`.
    static func coordinates(_ index: String, shape: [Int], prefix: String = "c") -> String {
        let strides = strides(shape)
        return shape.indices.map { axis in
            shape[axis] == 1 ? "let \(prefix)\(axis) = 0;" : "let \(prefix)\(axis) = (\(index) / \(strides[axis])) % \(shape[axis]);"
        }.joined(separator: "\n    ")
    }

    /// The linear offset into an operand of `shape` broadcast to `outShape`, given coordinates `c<axis>` of the output.
    static func broadcastOffset(_ shape: [Int], outShape: [Int], prefix: String = "c") -> String {
        let strides = strides(shape)
        let lead = outShape.count - shape.count
        let terms = shape.indices.compactMap { axis -> String? in
            shape[axis] == 1 ? nil : "\(prefix)\(axis + lead) * \(strides[axis])"
        }
        return terms.isEmpty ? "0" : terms.joined(separator: " + ")
    }

    /// An operand's offset for output index `i`: `i` itself when shapes match, 0 for scalars.
    static func operandOffset(_ shape: [Int], outShape: [Int]) -> String {
        if shape.reduce(1, *) == outShape.reduce(1, *) && (shape == outShape || shape.filter { $0 != 1 } == outShape.filter { $0 != 1 }) && shape.count <= outShape.count { return "i" }
        if shape.reduce(1, *) == 1 { return "0" }
        return broadcastOffset(shape, outShape: outShape)
    }

    static func literal(_ value: Float) -> String { UnaryOps.literal(value) }

    /// `round_f16`: the nearest float16 (ties to even) of an f32, held as an f32: how a Cast to float16 rounds
    /// (see `ElementType`). Written with integer arithmetic so it needs no `shader-f16`; WGSL's `pack2x16float`
    /// leaves out-of-range values indeterminate where ONNX wants ±inf.
    static let float16Rounding = """
    fn round_f16(v: f32) -> f32 {
        let bits = bitcast<u32>(v);
        let magnitude = bits & 0x7fffffffu;
        let sign = bits & 0x80000000u;
        if (magnitude >= 0x7f800000u) { return v; }
        // 65520 and above round to infinity.
        if (magnitude >= 0x477ff000u) { return bitcast<f32>(sign | 0x7f800000u); }
        // Below 2^-14 float16 is subnormal: multiples of 2^-24 (the scaling is exact, round() ties to even).
        if (magnitude < 0x38800000u) { return round(v * 16777216.0) / 16777216.0; }
        // Otherwise keep 10 of f32's 23 mantissa bits, rounding the 13 dropped ones to nearest, ties to even.
        let rounded = magnitude + 0xfffu + ((magnitude >> 13u) & 1u);
        return bitcast<f32>(sign | (rounded & 0xffffe000u));
    }
    """

    /// Math helpers WGSL lacks.
    static let mathPrelude = """
    fn erf_approx(v: f32) -> f32 {
        let x = abs(v);
        let t = 1.0 / (1.0 + 0.3275911 * x);
        let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
        return select(-y, y, v >= 0.0);
    }
    fn pow_signed(a: f32, b: f32) -> f32 {
        if (b == 0.0) { return 1.0; }
        let m = pow(abs(a), b);
        if (a < 0.0) {
            if (floor(b) != b) { return bitcast<f32>(0x7fc00000u); }
            return select(m, -m, abs(b % 2.0) == 1.0);
        }
        if (a == 0.0) { return select(0.0, bitcast<f32>(0x7f800000u), b < 0.0); }
        return m;
    }
    """
}
