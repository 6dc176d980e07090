import ArgumentParser
import Foundation

/// Runs wrk against one URL (a warm-up, then the measured run) and reads requests/s and p99 from its report,
/// and the server's CPU time per request (from `serverCPUSeconds`, read around the measured run): on a shared
/// machine requests/s swing with the other load, CPU per request much less.
struct WrkRunner {
    struct Result {
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var cpuMicrosecondsPerRequest: Double
    }

    let duration: Int
    let connections: Int
    let threads: Int

    func measure(url: String, serverCPUSeconds: () -> Double) throws -> Result {
        _ = try run(["-t\(threads)", "-c\(connections)", "-d2s", url])
        let cpuBefore = serverCPUSeconds()
        let report = try run(["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency", url])
        let cpu = serverCPUSeconds() - cpuBefore
        guard let rps = Self.value(after: "Requests/sec:", in: report),
              let p99 = Self.latencyPercentile("99%", in: report),
              let requests = Self.requestCount(in: report), requests > 0 else {
            throw ValidationError("could not read wrk's report:\n\(report)")
        }
        if let errors = report.range(of: "Non-2xx or 3xx responses:") {
            throw ValidationError("\(url) answered errors (\(report[errors.lowerBound...].prefix(60)))")
        }
        return Result(requestsPerSecond: rps, p99Milliseconds: p99, cpuMicrosecondsPerRequest: cpu * 1e6 / requests)
    }

    /// This process's CPU time (user + system, all threads; wrk, a child, is not in it).
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Another process's CPU time (user + system) from /proc (clock ticks of 1/100 s on Linux).
    static func cpuSeconds(ofProcess pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ", options: .backwards) else { return 0 }
        // Fields after the command name start at field 3; utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// wrk's `123456 requests in 5.00s, …` line.
    static func requestCount(in report: String) -> Double? {
        for line in report.split(separator: "\n") where line.contains(" requests in ") {
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).first ?? "")
        }
        return nil
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
