import Foundation
@testable import Workers

/// A project folder, a `WorkerRuntime` over it and an HTTP server on an ephemeral loopback port.
struct RuntimeHarness {
    let root: String
    let runtime: WorkerRuntime
    let logs: LogLines
    let port: Int

    static func with<T>(files: [String: String], root: String? = nil, persist: Bool = true,
                        cpuTimeLimit: Duration? = .seconds(5), workerIsolates: Int = 1, upstream: String? = nil,
                        _ body: (RuntimeHarness) async throws -> T) async throws -> T {
        let root = try root ?? TemporaryProject.make(files: files)
        for (path, text) in files where FileManager.default.fileExists(atPath: root + "/" + path) == false {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let logs = LogLines()
        let runtime = try await WorkerRuntime(projectDirectory: root, options: .init(
            persistDirectory: persist ? root + "/.kiln/state" : nil, cpuTimeLimit: cpuTimeLimit,
            workerIsolates: workerIsolates, upstream: upstream, log: { logs.append($0) }))
        let result: Result<T, Error>
        do {
            result = .success(try await TestServer.with(handler: runtime, log: logs) { port in
                try await body(RuntimeHarness(root: root, runtime: runtime, logs: logs, port: port))
            })
        } catch {
            result = .failure(error)
        }
        await runtime.shutdown()
        return try result.get()
    }

    func get(_ path: String) async throws -> HTTPClient.Reply {
        try await HTTPClient.send(port: port, path: path)
    }

    func post(_ path: String, _ body: String = "") async throws -> HTTPClient.Reply {
        try await HTTPClient.send(port: port, method: "POST", path: path, body: Array(body.utf8))
    }

    func write(_ path: String, _ text: String) throws {
        try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
    }
}
