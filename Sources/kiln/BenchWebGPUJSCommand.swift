import ArgumentParser
import Foundation
import Workers

/// `kiln bench webgpu-js`: the WebGPU round trip (submit one 1-workgroup dispatch plus a 16-byte copy, map the
/// copy, read it) written in JS inside a Durable Object against the same loop in Swift, in one run; and
/// dispatch-only throughput (dispatches/s without readback) both ways.
struct BenchWebGPUJSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webgpu-js",
        abstract: "Compare navigator.gpu in a Durable Object with the Swift WebGPU API (prints a Markdown table).")

    @Option(help: "Round trips measured (after warm-up).") var iterations = 1000
    @Option(help: "Dispatches submitted for the throughput measurement.") var dispatches = 5000
    @Option(help: "Round trips run first and not measured (at least).") var warmup = 100
    @Option(name: .customLong("warmup-seconds"),
            help: "Seconds of round trips run first and not measured (at least; half as long for dispatches).")
    var warmupSeconds = 1.0

    func run() async throws {
        let warmup = BenchWebGPUWarmup(iterations: warmup, duration: .milliseconds(Int((warmupSeconds * 1000).rounded())))
        let swift = try await BenchWebGPUSwiftLoop.run(iterations: iterations, warmup: warmup, dispatches: dispatches)
        let js = try await BenchWebGPUJSLoop.run(iterations: iterations, warmup: warmup, dispatches: dispatches)
        let ratio50 = js.roundTrip.p50 / swift.roundTrip.p50
        let ratio99 = js.roundTrip.p99 / swift.roundTrip.p99

        print("| loop | round trip p50 | round trip p99 | dispatches/s (no readback) |")
        print("| --- | ---: | ---: | ---: |")
        for (name, result) in [("Swift (WebGPU module)", swift), ("JS in a Durable Object (navigator.gpu)", js)] {
            print("| \(name) | \(Self.micro(result.roundTrip.p50)) | \(Self.micro(result.roundTrip.p99)) | \(String(format: "%.0f", result.dispatchesPerSecond)) |")
        }
        print("")
        print(String(format: "JS/Swift round-trip ratio: p50 %.2f×, p99 %.2f× (target ≤ 1.2×); dispatch throughput JS/Swift %.2f", ratio50, ratio99,
                     js.dispatchesPerSecond / swift.dispatchesPerSecond))
        print("\(iterations) round trips after at least \(warmup.iterations) and \(warmupSeconds) s of warm-up, \(dispatches) "
              + "dispatches after \(warmupSeconds / 2) s of warm-up; adapter: \(swift.adapter)")
    }

    static func micro(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1e6) }
}

/// How long each loop runs before it is measured: JSC compiles the JS loop in tiers while it runs, so a fixed
/// count of warm-up round trips left some runs timed before the optimizing tier had finished; both loops warm up
/// for at least this many round trips and at least this long, and the dispatch loops for half as long.
struct BenchWebGPUWarmup {
    var iterations: Int
    var duration: Duration
}

/// What one side of the benchmark measured.
struct BenchWebGPUResult {
    var adapter: String
    var roundTrip: (p50: Double, p99: Double)
    var dispatchesPerSecond: Double

    /// p50 and p99 of `samples` (seconds), nearest-rank.
    static func percentiles(_ samples: [Double]) -> (p50: Double, p99: Double) {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return (0, 0) }
        let rank = { (p: Double) in sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        return (rank(0.50), rank(0.99))
    }
}
