import ArgumentParser
import Foundation
import JavaScript

/// `kiln bench js`: JavaScript engine costs — a JS→Swift native call against Node's `Math.max` loop,
/// `new Response("x")` + `.text()` throughput, and the time to load a generated 1 MB module bundle.
struct BenchJSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "js", abstract: "Benchmark the JavaScript engine layer (prints a Markdown table).")

    /// Installs the Web platform globals into a benchmark isolate. The Web APIs live beside the engine in the
    /// JavaScript module; whoever links both sets this (one line) so the Response benchmark can run.
    nonisolated(unsafe) static var installWebAPIs: ((JSContext) throws -> Void)?

    @Option(help: "Native calls per measurement.") var calls = 5_000_000
    @Option(help: "Responses created and read.") var responses = 50_000
    @Option(help: "Size of the generated module bundle in bytes.") var bundleBytes = 1 << 20
    @Option(help: "Path of the node binary for the baseline.") var node = "node"

    func run() async throws {
        let native = try await BenchJSNativeCall.measure(calls: calls)
        let nodeBaseline = BenchJSNativeCall.nodeMathMax(node: node, calls: calls)
        let response = try await BenchJSResponse.measure(count: responses, install: Self.installWebAPIs)
        let module = try await BenchJSModuleLoad.measure(bytes: bundleBytes)

        print("| measurement | Kiln (JavaScriptCore) | reference |")
        print("| --- | ---: | ---: |")
        print("| JS→Swift native call returning a number | \(ns(native.nativeCall)) | "
              + "Node `Math.max` loop: \(nodeBaseline.map(ns) ?? "node not found") |")
        print("| same loop calling JSC's own `Math.max` | \(ns(native.builtinCall)) | |")
        print("| `new Response(\"x\")` + `await .text()` | "
              + (response.map { String(format: "%.0f /s", $0) } ?? "Web APIs not installed") + " | |")
        print(String(format: "| load %.1f MB module bundle (transform + compile + evaluate) | %.1f ms | |",
                     Double(module.bytes) / 1_048_576, module.total * 1000))
        print(String(format: "| … of which the import/export transform | %.1f ms (%.0f MB/s) | |",
                     module.transform * 1000, Double(module.bytes) / module.transform / 1_048_576))
        print("")
        print("\(calls) calls per loop; \(responses) responses; bundle: \(module.functions) exported functions.")
    }

    private func ns(_ seconds: Double) -> String { String(format: "%.1f ns/call", seconds * 1e9) }
}
