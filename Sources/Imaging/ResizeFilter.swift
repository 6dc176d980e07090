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

    /// The contributions to the outputs `outputs` (a window of an axis scaled from `inputSize` to
    /// `outputSize`; the whole axis by default) as flat arrays the resampling loops index directly.
    func contributions(from inputSize: Int, to outputSize: Int, outputs: Range<Int>? = nil) -> ResampleTable {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let radius = support * filterScale
        let window = outputs ?? 0..<outputSize
        var table = ResampleTable(taps: Int((radius * 2).rounded(.up)) + 2, count: window.count)
        for (slot, index) in window.enumerated() {
            let center = (Double(index) + 0.5) * scale
            let first = max(Int((center - radius + 0.5).rounded(.down)), 0)
            let last = max(min(Int((center + radius + 0.5).rounded(.down)), inputSize), first)
            var weights = (first..<last).map { Float(weight((Double($0) - center + 0.5) / filterScale)) }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } }
            table.set(slot, start: first, weights: weights)
        }
        return table
    }
}

/// For each output position along one axis: the first source index and `counts[i]` weights stored at
/// `weights[i * taps ..< i * taps + counts[i]]` (flat, so the inner loops touch no nested arrays).
struct ResampleTable {
    let taps: Int
    var starts: [Int]
    var counts: [Int]
    var weights: [Float]

    init(taps: Int, count: Int) {
        self.taps = taps
        starts = [Int](repeating: 0, count: count)
        counts = [Int](repeating: 0, count: count)
        weights = [Float](repeating: 0, count: count * taps)
    }

    mutating func set(_ slot: Int, start: Int, weights row: [Float]) {
        precondition(row.count <= taps, "resample filter wider than its table")
        starts[slot] = start
        counts[slot] = row.count
        for (tap, weight) in row.enumerated() { weights[slot * taps + tap] = weight }
    }
}
