import Foundation

/// How every row of `kiln bench onnx` is timed, Kiln's and (in scripts/onnx/bench_reference.py) the
/// references': untimed warm-up runs, at least 3 and for at least `warmUpSeconds`, then `iterations` timed runs.
/// The warm-up matters on a GPU: an idle one takes a while to raise its clocks, and for 3–5 seconds after
/// the NVIDIA driver compiled pipelines that were not in its disk cache (~/.cache/nvidia), an H100 ran Kiln's
/// batch-1 runs at 2.4–3.2 ms instead of 0.9–1.2 (the "slow first process on a fresh machine"; a 5 s
/// warm-up left it behind in both of two cold-cache processes, 1–3 s in none of six).
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
