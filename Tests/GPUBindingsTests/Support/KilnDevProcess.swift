import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `kiln dev` serving a project in a process of its own, so that its resident memory is the server's alone
/// (the test process's RSS also moves with every other suite running beside it).
final class KilnDevProcess: @unchecked Sendable {
    let port: Int
    private let process: Process

    static func start(project: URL) async throws -> KilnDevProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try kilnExecutable())
        process.arguments = ["dev", project.path, "--port", "0", "--no-persist"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Reads lines until "Ready on http://127.0.0.1:PORT"; kiln dev prints it once it listens.
        let port = try await Task.detached { () -> Int in
            var text = ""
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { throw TestFailure("kiln dev exited before it was ready:\n\(text)") }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: #"Ready on http://[0-9.]+:([0-9]+)"#, options: .regularExpression),
                   let port = Int(text[range].split(separator: ":").last ?? "") {
                    return port
                }
            }
        }.value
        // Keep draining the server's log so it never blocks on a full pipe.
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        return KilnDevProcess(process: process, port: port)
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    deinit { stop() }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// The server's resident set size in bytes (Linux /proc).
    func residentSetSize() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Threads named "pump:…" in the server: one per live wgpu device (WebGPU's EventPump).
    func liveDevices() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/task")) ?? []
        return tasks.filter { task in
            (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/task/\(task)/comm", encoding: .utf8))?
                .hasPrefix("pump:") ?? false
        }.count
    }

    func get(_ path: String) async throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 120
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `kiln` executable that `swift build --build-tests` / `swift test` produced.
func kilnExecutable() throws -> String {
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { root.deleteLastPathComponent() }
    for candidate in [".build/debug/kiln", ".build/x86_64-unknown-linux-gnu/debug/kiln"] {
        let path = root.path + "/" + candidate
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw TestFailure("no kiln executable under \(root.path)/.build: run `swift build --build-tests` first")
}
