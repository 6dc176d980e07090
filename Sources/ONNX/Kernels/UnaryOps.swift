/// WGSL expressions of the elementwise unary ops, over a value `x` of the input's WGSL type.
/// Each entry reads the op's attributes (alpha, beta, ...) and bakes them in as literals.
/// The same expressions serve as fused activation epilogues (see `FusedActivation`).
enum UnaryOps {
    typealias Expression = (Attributes, ElementType) throws -> String

    static let expressions: [String: Expression] = [
        "Relu": { _, type in type.isFloat ? "max(x, 0.0)" : "max(x, 0)" },
        "Abs": { _, _ in "abs(x)" },
        "Neg": { _, _ in "-x" },
        "Sign": { _, type in type.isFloat ? "sign(x)" : "select(select(0, -1, x < 0), 1, x > 0)" },
        "Exp": { _, _ in "exp(x)" },
        "Log": { _, _ in "log(x)" },
        "Sqrt": { _, _ in "sqrt(x)" },
        "Reciprocal": { _, _ in "1.0 / x" },
        "Floor": { _, _ in "floor(x)" },
        "Ceil": { _, _ in "ceil(x)" },
        "Round": { _, _ in "round(x)" },
        "Sin": { _, _ in "sin(x)" }, "Cos": { _, _ in "cos(x)" }, "Tan": { _, _ in "tan(x)" },
        "Asin": { _, _ in "asin(x)" }, "Acos": { _, _ in "acos(x)" }, "Atan": { _, _ in "atan(x)" },
        "Sinh": { _, _ in "sinh(x)" }, "Cosh": { _, _ in "cosh(x)" },
        "Asinh": { _, _ in "asinh(x)" }, "Acosh": { _, _ in "acosh(x)" }, "Atanh": { _, _ in "atanh(x)" },
        "Tanh": { _, _ in "tanh(x)" },
        "Sigmoid": { _, _ in "1.0 / (1.0 + exp(-x))" },
        "Erf": { _, _ in "erf_approx(x)" },
        "Softplus": { _, _ in "select(log(1.0 + exp(x)), x, x > 20.0)" },
        "Softsign": { _, _ in "x / (1.0 + abs(x))" },
        "Not": { _, _ in "1u - x" },
        "Elu": { attributes, _ in
            let alpha = literal(try attributes.float("alpha", default: 1))
            return "select(\(alpha) * (exp(x) - 1.0), x, x >= 0.0)"
        },
        "Celu": { attributes, _ in
            let alpha = literal(try attributes.float("alpha", default: 1))
            return "max(x, 0.0) + min(0.0, \(alpha) * (exp(x / \(alpha)) - 1.0))"
        },
        "Selu": { attributes, _ in
            let alpha = literal(try attributes.float("alpha", default: 1.67326319217681884765625))
            let gamma = literal(try attributes.float("gamma", default: 1.05070102214813232421875))
            return "\(gamma) * select(\(alpha) * (exp(x) - 1.0), x, x > 0.0)"
        },
        "LeakyRelu": { attributes, _ in
            "select(\(literal(try attributes.float("alpha", default: 0.01))) * x, x, x >= 0.0)"
        },
        "ThresholdedRelu": { attributes, _ in
            "select(0.0, x, x > \(literal(try attributes.float("alpha", default: 1))))"
        },
        "HardSigmoid": { attributes, _ in
            let alpha = literal(try attributes.float("alpha", default: 0.2))
            let beta = literal(try attributes.float("beta", default: 0.5))
            return "clamp(\(alpha) * x + \(beta), 0.0, 1.0)"
        },
        "HardSwish": { _, _ in "x * clamp(x / 6.0 + 0.5, 0.0, 1.0)" },
        "Mish": { _, _ in "x * tanh(select(log(1.0 + exp(x)), x, x > 20.0))" },
        "Gelu": { attributes, _ in
            try attributes.string("approximate", default: "none") == "tanh"
                ? "0.5 * x * (1.0 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))"
                : "0.5 * x * (1.0 + erf_approx(x * 0.7071067811865476))"
        },
        "Shrink": { attributes, _ in
            let bias = literal(try attributes.float("bias", default: 0))
            let lambd = literal(try attributes.float("lambd", default: 0.5))
            return "select(select(0.0, x + \(bias), x < -\(lambd)), x - \(bias), x > \(lambd))"
        },
    ]

    /// Ops whose expression is also valid for integer inputs.
    static let integerCapable: Set<String> = ["Relu", "Abs", "Neg", "Sign"]

    /// A WGSL f32 literal that round-trips the value exactly.
    static func literal(_ value: Float) -> String {
        if value.isNaN { return "bitcast<f32>(0x7fc00000u)" }
        if value.isInfinite { return value > 0 ? "bitcast<f32>(0x7f800000u)" : "bitcast<f32>(0xff800000u)" }
        return "bitcast<f32>(\(value.bitPattern)u)"
    }
}
