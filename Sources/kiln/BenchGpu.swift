import ArgumentParser
import Foundation
import WebGPU

/// `kiln bench gpu`: round-trip latency (vs wgpu-py in the same run), copy bandwidth, SGEMM GFLOPS
/// (optionally vs cuBLAS through PyTorch). Prints a Markdown table ready for BENCHMARKS.md.
struct BenchGpu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu", abstract: "Benchmark the WebGPU core: round trip, copy bandwidth, SGEMM.")

    @Option(help: "Round trips to time.") var iterations = 1000
    @Option(help: "Untimed round trips first.") var warmup = 50
    @Option(help: "Python with wgpu==0.32.0 for the round-trip peer (default: .deps/venv, else python3).")
    var python: String?
    @Flag(help: "Skip the wgpu-py round-trip peer.") var noPeer = false
    @Flag(help: "Also run SGEMM at 4096 (always on when the adapter is not a CPU).") var large = false
    @Flag(help: "Compare SGEMM with PyTorch/cuBLAS fp32 (TF32 off).") var torch = false
    @Option(help: "Python with torch for --torch.") var torchPython = "python3"
    @Option(help: "Seconds to run each SGEMM measurement.") var sgemmSeconds = 1.0

    func run() async throws {
        let instance = try Instance()
        guard let adapter = try await instance.requestAdapter(RequestAdapterOptions(powerPreference: .highPerformance)) else {
            throw ValidationError("No WebGPU adapter found")
        }
        let device = try await adapter.requestDevice(DeviceDescriptor(label: "bench", requiredLimits: [
            "maxBufferSize": adapter.limits.maxBufferSize,
            "maxStorageBufferBindingSize": adapter.limits.maxStorageBufferBindingSize,
        ]))
        let onCPU = adapter.info.adapterType == .cpu
        var table = BenchTable()
        print("adapter: \(adapter.info.device) (\(adapter.info.backendType.rawValue), \(adapter.info.adapterType.rawValue)), "
            + "driver: \(adapter.info.description), wgpu-native \(Instance.wgpuNativeVersion)")

        // (1) Round trip, with wgpu-py doing the same loop first so both see the same machine state.
        let peer: Result<[String: Any], BenchError> = noPeer ? .failure(BenchError("skipped"))
            : BenchPeers.run(python: python ?? BenchPeers.defaultPython(), script: "wgpu_py_roundtrip.py",
                             arguments: ["--iterations", "\(iterations)", "--warmup", "\(warmup)"], timeout: 600)
        let roundTrip = try await BenchGpuRoundTrip(device: device).run(iterations: iterations, warmup: warmup)
        for (name, p, key) in [("round trip p50", 0.50, "p50_us"), ("round trip p99", 0.99, "p99_us")] {
            let ours = roundTrip.percentile(p)
            switch peer {
            case .success(let json):
                let theirs = (json[key] as? Double) ?? .nan
                table.add(name + " (submit + 16 B readback, \(iterations)×)", kiln: String(format: "%.1f µs", ours),
                          peer: String(format: "%.1f µs (wgpu-py)", theirs), ratio: ours / theirs)
            case .failure(let reason):
                table.add(name + " (submit + 16 B readback, \(iterations)×)", kiln: String(format: "%.1f µs", ours),
                          peer: "n/a (\(reason))", ratio: nil)
            }
        }

        // (2) Copy bandwidth.
        let copy = try await BenchGpuCopy(device: device).run(copiesPerRound: onCPU ? 8 : 50, rounds: 3)
        table.add("copy bandwidth, 64 MiB buffer to buffer", kiln: String(format: "%.1f GB/s", copy), peer: "", ratio: nil)

        // (3) SGEMM, optionally against cuBLAS.
        var sizes = [1024, 2048]
        if large || !onCPU { sizes.append(4096) }
        let cublas: Result<[String: Any], BenchError>? = torch
            ? BenchPeers.run(python: torchPython, script: "torch_sgemm.py",
                             arguments: ["--sizes", sizes.map(String.init).joined(separator: ",")], timeout: 600)
            : nil
        let sgemm = BenchGpuSgemm(device: device)
        for n in sizes {
            let result = try await sgemm.run(n: n, tileKs: onCPU ? [8] : [8, 16], seconds: sgemmSeconds)
            let ours = String(format: "%.1f GFLOPS", result.gflops)
            let label = "SGEMM fp32 \(n)×\(n) (tile 128×128×\(result.tileK), rel. err \(String(format: "%.0e", result.maxRelativeError)))"
            switch cublas {
            case .success(let json)?:
                let rows = json["results"] as? [[String: Any]] ?? []
                let theirs = rows.first { ($0["n"] as? Int) == n }?["gflops"] as? Double ?? .nan
                table.add(label, kiln: ours, peer: String(format: "%.1f GFLOPS (cuBLAS, TF32 off)", theirs),
                          ratio: result.gflops / theirs)
            case .failure(let reason)?:
                table.add(label, kiln: ours, peer: "n/a (\(reason))", ratio: nil)
            case nil:
                table.add(label, kiln: ours, peer: "", ratio: nil)
            }
        }
        print(table.markdown)
    }
}
