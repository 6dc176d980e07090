import ArgumentParser
import Foundation
import Workers

/// `kiln bench http`: requests/s and p99 latency, measured with wrk, of the hello Worker, of a Node.js
/// `http` server answering the same bytes, and of a Durable Object round trip (Worker → stub.fetch → object).
/// `--rounds` repeats the set, so runs of different isolate counts and Node's interleave on a noisy machine.
struct BenchHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http", abstract: "Compare Kiln's HTTP path with Node.js using wrk (prints a Markdown table).")

    @Option(help: "Seconds each measurement runs.") var duration = 10
    @Option(help: "Open connections.") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Repository root (holds examples/ and Benchmarks/).") var root = "."
    @Option(name: .customLong("worker-isolates"),
            help: "Isolate counts to measure the hello Worker with (e.g. 1,2; default: kiln dev's, one per core, at most 4).")
    var workerIsolates = String(WorkerRuntime.Options.defaultWorkerIsolates)
    @Option(help: "How many times to run the whole set.") var rounds = 1
    @Option(name: .customLong("cpu-ms"), help: "CPU time limit per request in ms, as kiln dev's --cpu-ms (0: none).")
    var cpuMs = 30_000

    func run() async throws {
        let counts = workerIsolates.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--worker-isolates: counts ≥ 1, comma-separated") }
        let root = URL(fileURLWithPath: self.root).standardizedFileURL.path
        let wrk = WrkRunner(duration: duration, connections: connections, threads: threads)
        print("load average before: \(Self.loadAverage())\n")
        print("| round | server | requests/s | p99 latency | server CPU µs/request |")
        print("| --- | --- | ---: | ---: | ---: |")
        for round in 1...max(1, rounds) {
            var rows: [(String, WrkRunner.Result)] = []
            for count in counts {
                rows.append(("Kiln: hello Worker, \(count) isolate\(count == 1 ? "" : "s")", try await Self.measureKiln(
                    project: root + "/examples/hello", path: "/", isolates: count, cpuMs: cpuMs, wrk: wrk)))
            }
            rows.append(("Node.js http (same bytes)", try Self.measureNode(script: root + "/Benchmarks/http/node-hello.js", wrk: wrk)))
            rows.append(("Kiln: Durable Object round trip", try await Self.measureKiln(
                project: root + "/examples/counter", path: "/bench", isolates: counts[0], cpuMs: cpuMs, wrk: wrk)))
            for (name, result) in rows {
                print("| \(round) | \(name) | \(String(format: "%.0f", result.requestsPerSecond)) | "
                      + "\(String(format: "%.2f ms", result.p99Milliseconds)) | \(String(format: "%.1f", result.cpuMicrosecondsPerRequest)) |")
            }
        }
        print("\nwrk -t\(threads) -c\(connections) -d\(duration)s, after a 2 s warm-up; CPU limit \(cpuMs == 0 ? "none" : "\(cpuMs) ms"); "
              + "\(ProcessInfo.processInfo.activeProcessorCount) CPUs; "
              + "load average after: \(Self.loadAverage()).")
    }

    /// Serves `project` in-process (state in memory, request log off) and runs wrk against `path`.
    static func measureKiln(project: String, path: String, isolates: Int, cpuMs: Int,
                            wrk: WrkRunner) async throws -> WrkRunner.Result {
        let runtime = try await WorkerRuntime(projectDirectory: project, options: .init(
            persistDirectory: nil, cpuTimeLimit: cpuMs == 0 ? nil : .milliseconds(cpuMs), workerIsolates: isolates,
            log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }))
        if let problem = runtime.loadProblem { throw ValidationError("\(project) does not load: \(problem)") }
        let server = WorkerHTTPServer(configuration: .init(host: "127.0.0.1", port: 0, log: nil), handler: runtime)
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run { sink.yield($0) } }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("the server did not start") }
        let result = try wrk.measure(url: "http://127.0.0.1:\(port)\(path)", serverCPUSeconds: WrkRunner.ownCPUSeconds)
        await runtime.shutdown()
        return result
    }

    static func measureNode(script: String, wrk: WrkRunner) throws -> WrkRunner.Result {
        let node = Process()
        node.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        node.arguments = ["node", script, "0"]
        let output = Pipe()
        node.standardOutput = output
        try node.run()
        defer { node.terminate(); node.waitUntilExit() }
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw ValidationError("node did not report a port") }
        return try wrk.measure(url: "http://127.0.0.1:\(port)/") { WrkRunner.cpuSeconds(ofProcess: node.processIdentifier) }
    }

    /// The 1, 5 and 15 minute load averages (the machine is shared; they say how much the numbers mean).
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
