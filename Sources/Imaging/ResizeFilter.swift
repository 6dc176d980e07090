/// Resampling filters. Both antialias when shrinking: the filter is stretched by the scale factor, so
/// every source pixel contributes (no aliasing from skipped pixels).
public enum ResizeFilter: String, Sendable {
    /// Triangle filter: bilinear interpolation when enlarging, a tent average when shrinking.
    case bilinear
    /// Box filter: the exact average of the covered source area when shrinking ("area" resampling).
    case area

    var support: Double { self == .bilinear ? 1 : 0.5 }

    func weight(_ x: Double) -> Double {
        switch self {
        case .bilinear:
            let distance = abs(x)
            return distance < 1 ? 1 - distance : 0
        case .area:
            return x >= -0.5 && x < 0.5 ? 1 : 0
        }
    }

    /// For each output position along one axis: the first source index and the normalized weights.
    func contributions(from inputSize: Int, to outputSize: Int) -> [(start: Int, weights: [Float])] {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let radius = support * filterScale
        return (0..<outputSize).map { index in
            let center = (Double(index) + 0.5) * scale
            let first = max(Int((center - radius + 0.5).rounded(.down)), 0)
            let last = min(Int((center + radius + 0.5).rounded(.down)), inputSize)
            var weights = (first..<max(last, first)).map { Float(weight((Double($0) - center + 0.5) / filterScale)) }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } }
            return (first, weights)
        }
    }
}
