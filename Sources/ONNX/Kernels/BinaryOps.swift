/// WGSL expressions of the broadcasting binary ops over operands `a` and `b` of the input's WGSL type.
enum BinaryOps {
    static let arithmetic: [String: (ElementType) -> String] = [
        "Add": { _ in "a + b" },
        "Sub": { _ in "a - b" },
        "Mul": { _ in "a * b" },
        "Div": { type in type.isFloat ? "a / b" : "select(a / b, 0, b == 0)" },
        "Pow": { type in type.isFloat ? "pow_signed(a, b)" : "i32(pow_signed(f32(a), f32(b)))" },
        "Mod": { type in type.isFloat ? "a - b * floor(a / b)" : "select(a - b * i32(floor(f32(a) / f32(b))), 0, b == 0)" },
        "And": { _ in "a & b" },
        "Or": { _ in "a | b" },
        "Xor": { _ in "a ^ b" },
        "PRelu": { type in type.isFloat ? "select(a * b, a, a >= 0.0)" : "select(a * b, a, a >= 0)" },
    ]

    /// Comparisons produce bool (u32 0/1).
    static let comparisons: [String: String] = [
        "Equal": "a == b", "Greater": "a > b", "Less": "a < b",
        "GreaterOrEqual": "a >= b", "LessOrEqual": "a <= b",
    ]

    /// Variadic ops fold pairwise with these.
    static let variadic: [String: String] = [
        "Max": "max(a, b)", "Min": "min(a, b)", "Sum": "a + b", "Mean": "a + b",
    ]
}
