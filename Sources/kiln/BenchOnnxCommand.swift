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
    @Option(help: "Timed runs per batch size (after the warm-up).") var iterations = 30
    @Option(name: .customLong("warmup-seconds"), help: "Untimed runs first, for at least this long (and at least 3), in every row.")
    var warmupSeconds = 1.0
    @Option(name: .customLong("settle-seconds"), help: "Untimed runs of each batch size before its first row, for this long.")
    var settleSeconds = 10.0
    @Option(help: "Python with onnxruntime (and torch + onnx2torch for --torch).") var python = ".deps/venv/bin/python"
    @Option(help: "The reference benchmark script.") var script = "scripts/onnx/bench_reference.py"
    @Flag(help: "Also time PyTorch CUDA eager on the same graph (onnx2torch).") var torch = false
    @Flag(help: "Skip the Python references.") var kilnOnly = false
    @Flag(help: "Also time every dispatch alone and print where each batch's time goes.") var profile = false
    @Option(help: "Profile runs per batch size; each dispatch keeps its fastest time.") var profileRepeats = 3
    @Option(help: KernelFamily.help) var kernels = KernelFamily.auto
    @Option(help: "GPU kernels: GEMMs with fewer output workgroups than this split K (0: never; default: $KILN_ONNX_SPLIT_K, else 264).") var splitK: Int?
    @Option(help: "GPU kernels: GEMMs take the largest tile whose grid has this many workgroups (default: $KILN_ONNX_LARGE_TILE_GRID, else 512).") var largeTileGrid: Int?

    func run() async throws {
        let sizes = batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--batches needs positive sizes") }
        let context = try await GPUContext.makeDefault()
        var gemm = GEMMTuning.fromEnvironment()
        if let splitK { gemm.splitKWorkgroups = splitK > 0 ? splitK : nil }
        if let largeTileGrid { gemm.largeTileWorkgroups = max(1, largeTileGrid) }
        let options = InferenceSession.Options(context: context, cpuKernels: kernels.cpuKernels, gemm: gemm)
        let session = try await InferenceSession(contentsOf: URL(fileURLWithPath: model), options: options)
        guard let input = session.inputs.first else { throw ValidationError("the model has no inputs") }
        print("kiln bench onnx: \(model) on \(context.device.adapterInfo.device) (\(context.device.adapterInfo.backendType)), \(ISO8601DateFormatter().string(from: Date()))")
        print("Kiln rows: input uploaded and logits read back in each timed run; \"input on GPU\": the input uploaded once before timing, "
              + "then copied on the device each run, logits read back; \"input + logits on GPU\": the same, logits left on the GPU "
              + "(the run waits for the queue to finish, as PyTorch's synchronize()). Kernels: \(kernels); GPU GEMM split-K below \(gemm.splitKWorkgroups.map(String.init) ?? "never (off)") workgroups, "
              + "large tiles from \(gemm.largeTileWorkgroups).")
        print("")
        print("| runtime | batch | p50 ms | p99 ms | images/s |")
        print("| --- | --- | --- | --- | --- |")
        var profiles: [String] = []
        let timing = BenchOnnxTiming(warmUpSeconds: warmupSeconds)
        for batch in sizes {
            let shape = input.shape.enumerated().map { $0.offset == 0 ? batch : ($0.element ?? 1) }
            var generator = SplitMix(seed: UInt64(batch))
            let feed = Tensor(shape: shape, floats: (0..<shape.reduce(1, *)).map { _ in generator.nextFloat() },
                              type: input.type == .float16 ? .float16 : .float32)
            // The first run compiles this batch size's pipelines. An H100 whose driver compiled them without a
            // disk cache (~/.cache/nvidia: the first process on a fresh machine) ran batch 1 at 2.4–3.2 ms instead
            // of 0.9–1.2, and batch 16 at 8–9 ms instead of ~3, for 3–10 s after.
            _ = try await BenchOnnxTiming(warmUpSeconds: settleSeconds).time(0) { _ = try await session.run(feeds: [input.name: feed]) }
            let times = try await timing.time(iterations) { _ = try await session.run(feeds: [input.name: feed]) }
            print(Self.row("Kiln (WebGPU)", batch: batch, times: times))
            try await BenchOnnxResident.rows(session, device: context.device, input: input.name, feed: feed, batch: batch, iterations: iterations, timing: timing)
            if profile { profiles.append(try await BenchOnnxProfile.report(session, feeds: [input.name: feed], batch: batch, repeats: profileRepeats)) }
        }
        for report in profiles { print(report) }
        if !profiles.isEmpty { print("") }
        if !kilnOnly {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: python) ? python : "/usr/bin/python3")
            process.arguments = [script, model, "--batches", batches, "--iterations", String(iterations),
                                 "--warmup-seconds", String(warmupSeconds)] + (torch ? ["--torch"] : [])
            // Kiln's rows first: stdout is block-buffered when piped, the child writes straight to it.
            fflush(stdout)
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
