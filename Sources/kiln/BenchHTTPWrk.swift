import ArgumentParser
import Foundation

/// Runs wrk against one URL (a warm-up, then the measured run) and reads requests/s and p99 from its report.
struct WrkRunner {
    struct Result {
        var requestsPerSecond: Double
        var p99Milliseconds: Double
    }

    let duration: Int
    let connections: Int
    let threads: Int

    func measure(url: String) throws -> Result {
        _ = try run(["-t\(threads)", "-c\(connections)", "-d2s", url])
        let report = try run(["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency", url])
        guard let rps = Self.value(after: "Requests/sec:", in: report),
              let p99 = Self.latencyPercentile("99%", in: report) else {
            throw ValidationError("could not read wrk's report:\n\(report)")
        }
        if let errors = report.range(of: "Non-2xx or 3xx responses:") {
            throw ValidationError("\(url) answered errors (\(report[errors.lowerBound...].prefix(60)))")
        }
        return Result(requestsPerSecond: rps, p99Milliseconds: p99)
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wrk"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("wrk failed (is it installed? scripts/bootstrap)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func value(after label: String, in report: String) -> Double? {
        guard let range = report.range(of: label) else { return nil }
        return Double(report[range.upperBound...].drop { $0 == " " }.prefix { !$0.isWhitespace })
    }

    /// wrk prints latency percentiles as `99%   12.34ms` (units us, ms or s).
    static func latencyPercentile(_ label: String, in report: String) -> Double? {
        for line in report.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0] == label else { continue }
            let text = parts[1]
            for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
                return Double(text.dropLast(unit.count)).map { $0 * scale }
            }
        }
        return nil
    }
}
