import Foundation
import JavaScript

/// Time to import a generated ~1 MB ES module bundle (exports, imports, strings, templates, regexes, comments)
/// into a fresh isolate: read, transform, compile, link and evaluate.
enum BenchJSModuleLoad {
    struct Result {
        var bytes: Int
        var functions: Int
        var total: Double
        var transform: Double
    }

    static func measure(bytes target: Int) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bench-js-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (bundle, functions) = generateBundle(bytes: target)
        try Data("export const base = 7;\nexport let calls = 0;\n".utf8).write(to: directory.appendingPathComponent("base.js"))
        try Data(bundle.utf8).write(to: directory.appendingPathComponent("bundle.js"))

        let isolate = try Isolate(options: .init(name: "bench.modules"))
        defer { isolate.shutdown() }
        let start = DispatchTime.now().uptimeNanoseconds
        let namespace = try await isolate.importModule(directory.appendingPathComponent("bundle.js").path)
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let check = try await isolate.run { _ in try namespace.get("f0").call([]).toDouble() }
        guard check == 7 else { throw JSError.error("bundle evaluated wrongly: f0() = \(check)") }
        let transform = try await isolate.run { _ in try ModuleLoader.measureTransform(bundle) }
        return Result(bytes: bundle.utf8.count, functions: functions, total: total, transform: transform)
    }

    /// A bundle shaped like bundler output: many small exported functions using an import, with strings,
    /// template literals, regexes and comments for the tokenizer to get through.
    static func generateBundle(bytes target: Int) -> (String, Int) {
        var source = "import { base, calls } from './base.js';\n"
        var index = 0
        while source.utf8.count < target {
            source += """
                // helper \(index): keeps the tokenizer honest with / division, /regex/ and `templates`
                export function f\(index)(a = 0, b = 1) {
                  const label = `f\(index) ${a + b} ${calls}`, pattern = /f\(index)[a-z]+\\/x/g;
                  return base * b + a / 2 + (label.length - label.length) + (pattern.test("") ? 1 : 0);
                }

                """
            index += 1
        }
        return (source, index)
    }
}
