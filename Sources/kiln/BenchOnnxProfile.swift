import Foundation
import ONNX

/// `kiln bench onnx --profile`: where one batch's time goes, per dispatch (each submitted and awaited
/// alone, so every step also carries one submit's round trip), as Markdown tables: time per kernel kind
/// (op/kernel, e.g. `Conv/1x1s1-tiled32`), slowest first, then the slowest single steps.
enum BenchOnnxProfile {
    /// Profiles `repeats` times and keeps each step's fastest time (the machine may be shared).
    static func report(_ session: InferenceSession, feeds: [String: Tensor], batch: Int, repeats: Int = 3, top: Int = 12) async throws -> String {
        var best: [(step: String, milliseconds: Double)] = []
        for _ in 0..<max(1, repeats) {
            let times = try await session.profile(feeds: feeds)
            best = best.isEmpty ? times : zip(best, times).map { ($0.step, min($0.milliseconds, $1.milliseconds)) }
        }
        let total = best.reduce(0) { $0 + $1.milliseconds }
        var kinds: [String: (count: Int, milliseconds: Double)] = [:]
        for (step, milliseconds) in best {
            let kind = String(step.prefix { $0 != " " })
            kinds[kind, default: (0, 0)].count += 1
            kinds[kind, default: (0, 0)].milliseconds += milliseconds
        }
        var lines = ["", "Profile, batch \(batch): \(best.count) dispatches, \(String(format: "%.2f", total)) ms summed (each step its own submit; fastest of \(repeats))", "",
                     "| kernel kind | dispatches | ms | share |", "| --- | ---: | ---: | ---: |"]
        for (kind, value) in kinds.sorted(by: { $0.value.milliseconds > $1.value.milliseconds }) {
            lines.append("| \(kind) | " + String(format: "%d | %.3f | %.1f%% |", value.count, value.milliseconds, 100 * value.milliseconds / max(total, 1e-9)))
        }
        lines += ["", "| slowest steps (op/kind node grid) | ms |", "| --- | ---: |"]
        for (step, milliseconds) in best.sorted(by: { $0.milliseconds > $1.milliseconds }).prefix(top) {
            lines.append("| \(step) | " + String(format: "%.3f |", milliseconds))
        }
        return lines.joined(separator: "\n")
    }
}
