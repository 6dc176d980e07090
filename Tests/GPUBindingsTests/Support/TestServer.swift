import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Workers

/// A Workers project served by `WorkerRuntime` + `WorkerHTTPServer` on an ephemeral loopback port, so the GPU
/// tests reach their Durable Objects over real HTTP.
final class TestServer: @unchecked Sendable {
    let root: String
    let runtime: WorkerRuntime
    let port: Int
    private let serverTask: Task<Void, Error>
    private let lock = NSLock()
    private var lines: [String] = []

    var logs: [String] { lock.withLock { lines } }

    /// Copies `files` (path → text) into a fresh temporary folder and serves it.
    static func start(files: [String: String]) async throws -> TestServer {
        let root = NSTemporaryDirectory() + "kiln-gpu-test-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return try await TestServer(root: root)
    }

    /// Serves a copy of the project folder at `directory`.
    static func start(copying directory: URL) async throws -> TestServer {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard !url.hasDirectoryPath, let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))] = text
        }
        return try await start(files: files)
    }

    private init(root: String) async throws {
        self.root = root
        let sink = LineSink()
        runtime = try await WorkerRuntime(projectDirectory: root, options: .init(
            persistDirectory: root + "/.kiln/state", cpuTimeLimit: .seconds(30), log: { sink.append($0) }))
        let config = HTTPServerConfiguration(host: "127.0.0.1", port: 0, bodyLimit: HTTPServerConfiguration.defaultBodyLimit,
                                             log: { _ in })
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let handler = runtime
        serverTask = Task.detached {
            try await WorkerHTTPServer(configuration: config, handler: handler).run { port in portSink.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        self.port = port
        sink.server = self
    }

    fileprivate func append(_ line: String) { lock.withLock { lines.append(line) } }

    func stop() async {
        serverTask.cancel()
        await runtime.shutdown()
    }

    struct Reply {
        let status: Int
        let text: String
    }

    func get(_ path: String) async throws -> Reply {
        try await send(URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
    }

    func post(_ path: String, _ body: String) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        var request = request
        request.timeoutInterval = 120
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self))
    }
}

/// Collects runtime log lines before the server object exists (the runtime logs while it starts).
private final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var early: [String] = []
    weak var server: TestServer? {
        didSet { lock.withLock { early }.forEach { server?.append($0) } }
    }
    func append(_ line: String) {
        if let server { server.append(line) } else { lock.withLock { early.append(line) } }
    }
}

/// The JS test project (Tests/GPUBindingsTests/JS), served once for the whole test run.
enum GPUTestProject {
    static let directory = Bundle.module.url(forResource: "JS", withExtension: nil)!

    static let shared: Task<TestServer, Error> = Task { try await TestServer.start(copying: directory) }
}
