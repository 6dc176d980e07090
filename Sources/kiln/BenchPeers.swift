import Foundation

/// Runs the Python peers of `kiln bench gpu` (wgpu-py round trip, PyTorch/cuBLAS SGEMM) and reads the
/// one JSON line each prints. A missing interpreter, package or script yields a reason, not a failure.
enum BenchPeers {
    /// Locates a peer script: in Benchmarks/gpu under the working directory, or beside the binary
    /// (how the benchmark is shipped to a GPU machine without Swift).
    static func script(_ name: String) -> String? {
        let executableDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        let candidates = [
            "Benchmarks/gpu/\(name)",
            "\(executableDirectory)/\(name)",
            "\(executableDirectory)/Benchmarks/gpu/\(name)",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The venv made by scripts/bootstrap when present, else python3 from PATH.
    static func defaultPython() -> String {
        let venv = ".deps/venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Runs `python script arguments…` and returns its last stdout line parsed as a JSON object.
    static func run(python: String, script name: String, arguments: [String], timeout: TimeInterval) -> Result<[String: Any], BenchError> {
        guard let script = script(name) else { return .failure(BenchError("\(name) not found")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(BenchError("cannot start \(python): \(error)"))
        }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationStatus == 0 else {
            let reason = String(decoding: stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            return .failure(BenchError("\(name): \(reason)"))
        }
        let lastLine = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
            return .failure(BenchError("\(name): unexpected output '\(lastLine)'"))
        }
        return .success(object)
    }
}
