import Foundation

/// Percentiles of a sample of durations in microseconds.
struct BenchStatistics {
    let sorted: [Double]

    init(microseconds samples: [Double]) {
        sorted = samples.sorted()
    }

    func percentile(_ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))]
    }
}

/// Wall-clock seconds since an arbitrary origin (monotonic).
func benchNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
