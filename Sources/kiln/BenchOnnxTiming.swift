import Foundation

/// How every row of `kiln bench onnx` is timed, Kiln's and (in scripts/onnx/bench_reference.py) the
/// references': untimed warm-up runs, at least 3 and for at least `warmUpSeconds`, then `iterations` timed runs.
/// The warm-up matters on a GPU that sat idle: its clocks take a while to rise, and at batch 1 three runs
/// last a few milliseconds, so whichever runtime went first would be timed on a cold GPU.
struct BenchOnnxTiming {
    static let warmUpRuns = 3
    var warmUpSeconds: Double

    /// Milliseconds of each of `iterations` runs of `body`, after the warm-up.
    func time(_ iterations: Int, _ body: () async throws -> Void) async throws -> [Double] {
        let warmUpStart = DispatchTime.now().uptimeNanoseconds
        let warmUpNanoseconds = UInt64(max(0, warmUpSeconds) * 1e9)
        var warmUps = 0
        while warmUps < Self.warmUpRuns || DispatchTime.now().uptimeNanoseconds - warmUpStart < warmUpNanoseconds {
            try await body()
            warmUps += 1
        }
        var times: [Double] = []
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return times
    }
}
