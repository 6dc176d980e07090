extension FusedActivation {
    /// The WGSL statement applying the activation to the f32 variable `v` in place.
    var wgsl: String {
        switch op {
        case "Clip": return "v = clamp(v, \(UnaryOps.literal(alpha)), \(UnaryOps.literal(beta)));"
        case "Relu": return "v = max(v, 0.0);"
        case "LeakyRelu": return "v = select(\(UnaryOps.literal(alpha)) * v, v, v >= 0.0);"
        case "Sigmoid": return "v = 1.0 / (1.0 + exp(-v));"
        case "Tanh": return "v = tanh(v);"
        case "HardSigmoid": return "v = clamp(\(UnaryOps.literal(alpha)) * v + \(UnaryOps.literal(beta)), 0.0, 1.0);"
        case "HardSwish": return "v = v * clamp(v / 6.0 + 0.5, 0.0, 1.0);"
        case "Elu": return "v = select(\(UnaryOps.literal(alpha)) * (exp(v) - 1.0), v, v >= 0.0);"
        default: return ""
        }
    }
}

extension Optional where Wrapped == FusedActivation {
    var wgsl: String { self?.wgsl ?? "" }

    /// `fn act(value: f32) -> f32`: the activation as a WGSL function, for kernels that apply it per component.
    var actFunction: String {
        """
        fn act(value: f32) -> f32 {
            var v = value;
            \(wgsl)
            return v;
        }
        """
    }
}
