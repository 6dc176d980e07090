import ArgumentParser
import Foundation
import ONNX

/// `kiln bench onnx`: EfficientNet-Lite0 latency (p50/p99) and throughput on Kiln's GPU runtime next to
/// onnxruntime on the CPU (and PyTorch CUDA with --torch) in the same run, as a Markdown table.
struct BenchOnnxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx", abstract: "Benchmark ONNX inference: Kiln (GPU) vs onnxruntime (CPU).")

    @Option(help: "The model (built by scripts/prepare-models).") var model = "models/efficientnet-lite0.onnx"
    @Option(help: "Batch sizes, comma-separated.") var batches = "1,16"
    @Option(help: "Timed runs per batch size (after 3 warm-up runs).") var iterations = 30
    @Option(help: "Python with onnxruntime (and torch + onnx2torch for --torch).") var python = ".deps/venv/bin/python"
    @Option(help: "The reference benchmark script.") var script = "scripts/onnx/bench_reference.py"
    @Flag(help: "Also time PyTorch CUDA eager on the same graph (onnx2torch).") var torch = false
    @Flag(help: "Skip the Python references.") var kilnOnly = false
    @Flag(help: "Also time every dispatch alone and print where each batch's time goes.") var profile = false

    func run() async throws {
        let sizes = batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--batches needs positive sizes") }
        let context = try await GPUContext.makeDefault()
        let session = try await InferenceSession(contentsOf: URL(fileURLWithPath: model), options: .init(context: context))
        guard let input = session.inputs.first else { throw ValidationError("the model has no inputs") }
        print("kiln bench onnx: \(model) on \(context.device.adapterInfo.device) (\(context.device.adapterInfo.backendType)), \(ISO8601DateFormatter().string(from: Date()))")
        print("")
        print("| runtime | batch | p50 ms | p99 ms | images/s |")
        print("| --- | --- | --- | --- | --- |")
        var profiles: [String] = []
        for batch in sizes {
            let shape = input.shape.enumerated().map { $0.offset == 0 ? batch : ($0.element ?? 1) }
            var generator = SplitMix(seed: UInt64(batch))
            let feed = Tensor(shape: shape, floats: (0..<shape.reduce(1, *)).map { _ in generator.nextFloat() })
            for _ in 0..<3 { _ = try await session.run(feeds: [input.name: feed]) }
            var times: [Double] = []
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try await session.run(feeds: [input.name: feed])
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            print(Self.row("Kiln (WebGPU)", batch: batch, times: times))
            if profile { profiles.append(try await BenchOnnxProfile.report(session, feeds: [input.name: feed], batch: batch)) }
        }
        for report in profiles { print(report) }
        if !profiles.isEmpty { print("") }
        if !kilnOnly {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: python) ? python : "/usr/bin/python3")
            process.arguments = [script, model, "--batches", batches, "--iterations", String(iterations)] + (torch ? ["--torch"] : [])
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { print("(reference script exited with \(process.terminationStatus))") }
        }
    }

    static func row(_ runtime: String, batch: Int, times: [Double]) -> String {
        let sorted = times.sorted()
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        let mean = times.reduce(0, +) / Double(times.count)
        return "| \(runtime) | " + String(format: "%d | %.2f | %.2f | %.1f |", batch, p50, p99, Double(batch) / mean * 1000)
    }
}

/// A small deterministic generator for benchmark inputs (uniform in [0, 1)).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextFloat() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
    }
}
