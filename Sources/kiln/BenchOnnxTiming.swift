import Foundation

/// How every row of `kiln bench onnx` is timed, Kiln's and (in scripts/onnx/bench_reference.py) the
/// references': untimed warm-up runs, at least 3 and for at least one second, then `iterations` timed runs.
/// The second of warm-up matters on a GPU that sat idle: its clocks take a while to rise, and at batch 1
/// three runs last a few milliseconds, so whichever runtime went first would be timed on a cold GPU
/// (an H100 ran Kiln's batch-1 rows at 2.5 ms that way, and at 1.0–1.3 ms in any later process).
enum BenchOnnxTiming {
    static let warmUpRuns = 3
    static let warmUpNanoseconds: UInt64 = 1_000_000_000

    /// Milliseconds of each of `iterations` runs of `body`, after the warm-up.
    static func time(_ iterations: Int, _ body: () async throws -> Void) async throws -> [Double] {
        let warmUpStart = DispatchTime.now().uptimeNanoseconds
        var warmUps = 0
        while warmUps < warmUpRuns || DispatchTime.now().uptimeNanoseconds - warmUpStart < warmUpNanoseconds {
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
