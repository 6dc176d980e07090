import Foundation
import Workers

/// The Worker `kiln bench r2` measures: PUT /KEY stores the request body as it streams in
/// (`env.BUCKET.put(key, request.body)`), GET /KEY streams the object back (`new Response(object.body)`).
/// Served in this process on a loopback port, its state under the bench's scratch folder; driven by curl.
struct BenchR2Worker {
    static let toml = """
        name = "r2-bench"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [[r2_buckets]]
        binding = "BUCKET"
        bucket_name = "bench-worker"
        """

    static let script = """
        export default {
          async fetch(request, env) {
            const key = new URL(request.url).pathname.slice(1);
            if (request.method === "PUT") {
              const object = await env.BUCKET.put(key, request.body);
              return new Response(object.etag);
            }
            const object = await env.BUCKET.get(key);
            if (object === null) return new Response("no such object", { status: 404 });
            return new Response(object.body);
          },
        };
        """

    let runtime: WorkerRuntime
    let serving: Task<Void, Error>
    let port: Int

    static func start(scratch: String) async throws -> BenchR2Worker {
        let project = scratch + "/worker"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try toml.write(toFile: project + "/wrangler.toml", atomically: true, encoding: .utf8)
        try script.write(toFile: project + "/index.js", atomically: true, encoding: .utf8)
        let runtime = try await WorkerRuntime(projectDirectory: project, options: .init(
            persistDirectory: scratch + "/state", cpuTimeLimit: nil,
            log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }))
        if let problem = runtime.loadProblem { throw R2CommandError("the bench Worker does not load: \(problem)") }
        // No body limit: the point is a 256 MiB (or larger) upload streaming through the Worker.
        let server = WorkerHTTPServer(configuration: .init(host: "127.0.0.1", port: 0, bodyLimit: Int.max, log: { _ in }),
                                      handler: runtime)
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run { sink.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw R2CommandError("the bench Worker's server did not start") }
        return BenchR2Worker(runtime: runtime, serving: serving, port: port)
    }

    /// PUT of `file` through the Worker (`Expect:` off: curl would otherwise wait a second for 100-continue).
    func put(key: String, file: String) throws {
        try runQuietly("/usr/bin/curl", ["-sSf", "-H", "Expect:", "-T", file, "-o", "/dev/null", url(key)])
    }

    func get(key: String, to file: String) throws {
        try runQuietly("/usr/bin/curl", ["-sSf", "-o", file, url(key)])
    }

    func stop() async {
        serving.cancel()
        await runtime.shutdown()
    }

    private func url(_ key: String) -> String { "http://127.0.0.1:\(port)/\(key)" }
}
