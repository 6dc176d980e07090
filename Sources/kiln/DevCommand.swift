import ArgumentParser
import Foundation
import Workers

/// `kiln dev [DIR]`: serves a Workers project locally, as `wrangler dev` does, reloading on file changes.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Serve a Workers project (wrangler.toml / wrangler.json) locally.")

    @Argument(help: "Project folder (holds wrangler.toml, wrangler.json or wrangler.jsonc).")
    var directory: String = "."

    @Option(help: "Port to listen on (default: [dev] port, else 8787; 0 picks a free one).")
    var port: Int?

    @Option(help: "Address to listen on (default: [dev] ip, else 127.0.0.1).")
    var ip: String?

    @Option(name: .customLong("persist-to"), help: "Folder for Durable Object and R2 state (default: DIR/.kiln/state).")
    var persistTo: String?

    @Flag(name: .customLong("no-persist"), help: "Keep Durable Object and R2 state in memory only.")
    var noPersist = false

    @Option(name: .customLong("body-limit"), help: "Largest request body in bytes; larger ones get 413.")
    var bodyLimit = HTTPServerConfiguration.defaultBodyLimit

    @Option(name: .customLong("cpu-ms"), help: "CPU time one request may use, in milliseconds (0: unlimited).")
    var cpuMs = 30_000

    @Flag(name: .customLong("no-watch"), help: "Do not reload when project files change.")
    var noWatch = false

    @Option(name: .customLong("worker-isolates"),
            help: "Isolates running the Worker (default: CPU cores, at most 4); each request goes to the least busy. Durable Objects stay one per id.")
    var workerIsolates = WorkerRuntime.Options.defaultWorkerIsolates

    @Option(help: "Origin (http://host:port) that ctx.passThroughOnException() passes failing requests to.")
    var upstream: String?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535") }
        if bodyLimit < 0 { throw ValidationError("--body-limit must not be negative") }
        if cpuMs < 0 { throw ValidationError("--cpu-ms must not be negative") }
        if workerIsolates < 1 { throw ValidationError("--worker-isolates must be at least 1") }
        if let upstream, !(upstream.hasPrefix("http://") || upstream.hasPrefix("https://")) || URL(string: upstream)?.host == nil {
            throw ValidationError("--upstream must be an http:// or https:// origin, e.g. http://127.0.0.1:3000")
        }
        if noPersist && persistTo != nil { throw ValidationError("--persist-to and --no-persist exclude each other") }
    }

    func run() async throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let console = DevConsole()
        let runtime: WorkerRuntime
        do {
            runtime = try await WorkerRuntime(projectDirectory: root, options: .init(
                persistDirectory: noPersist ? nil : (persistTo ?? root + "/.kiln/state"),
                cpuTimeLimit: cpuMs == 0 ? nil : .milliseconds(cpuMs), workerIsolates: workerIsolates,
                upstream: upstream, log: { console.line($0) }))
        } catch let error as ConfigError {
            console.error(error.description)
            throw ExitCode(1)
        }
        let config = runtime.config
        for warning in config.warnings { console.warning(warning.description) }
        if let problem = runtime.loadProblem { console.error(problem) }

        let server = WorkerHTTPServer(
            configuration: .init(host: ip ?? config.devIP ?? "127.0.0.1",
                                 port: port ?? config.devPort ?? HTTPServerConfiguration.defaultPort,
                                 bodyLimit: bodyLimit, log: { console.line($0) }),
            handler: runtime)
        let watcher = noWatch ? nil : try FileWatcher(root: root) { paths in
            let names = Set(paths.map { $0.hasPrefix(root + "/") ? String($0.dropFirst(root.count + 1)) : $0 })
            console.line("[kiln] \(names.sorted().prefix(3).joined(separator: ", "))\(names.count > 3 ? ", ..." : "") changed, reloading")
            Task { await runtime.reload() }
        }
        defer { watcher?.stop() }
        do {
            try await server.run { port in
                console.line("[kiln] Ready on http://\(ip ?? config.devIP ?? "127.0.0.1"):\(port)")
            }
        } catch {
            console.error("cannot serve: \(error)")
            throw ExitCode(1)
        }
        await runtime.shutdown()
    }
}

/// Writes `kiln dev` output: log lines to stdout, problems to stderr in wrangler's style.
struct DevConsole: Sendable {
    func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func warning(_ text: String) {
        FileHandle.standardError.write(Data(("▲ [WARNING] " + text + "\n").utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data(("✘ [ERROR] " + text + "\n").utf8))
    }
}
