import Foundation
import Testing
@testable import Workers

/// Workers end to end: real HTTP on loopback into JS fetch handlers.
@Suite struct WorkerRuntimeTests {
    static let toml = """
        name = "test"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [vars]
        GREETING = "Hello"
        LIMITS = { max = 3, tags = ["a", "b"] }
        """

    @Test func moduleWorkerSeesRequestAndEnv() async throws {
        let js = """
            export default {
              async fetch(request, env, ctx) {
                ctx.waitUntil(Promise.resolve());
                const body = request.method === "POST" ? await request.text() : "";
                const url = new URL(request.url);
                return Response.json({ greeting: env.GREETING, max: env.LIMITS.max, tags: env.LIMITS.tags,
                  method: request.method, path: url.pathname + url.search, body,
                  agent: request.headers.get("x-test") });
              },
            };
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": js]) { h in
            let reply = try await HTTPClient.send(port: h.port, method: "POST", path: "/a/b?c=1",
                                                  headers: [("X-Test", "yes")], body: Array("payload".utf8))
            #expect(reply.status == 200)
            #expect(reply.header("content-type")?.hasPrefix("application/json") == true)
            let json = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
            #expect(json?["greeting"] as? String == "Hello")
            #expect(json?["max"] as? Int == 3)
            #expect(json?["tags"] as? [String] == ["a", "b"])
            #expect(json?["path"] as? String == "/a/b?c=1")
            #expect(json?["body"] as? String == "payload")
            #expect(json?["agent"] as? String == "yes")
            #expect(h.logs.all.contains { $0.hasPrefix("[kiln] POST /a/b?c=1 200 OK") })
        }
    }

    @Test func serviceWorkerSyntaxAndStreamedBodies() async throws {
        let js = """
            addEventListener("fetch", (event) => {
              const { readable, writable } = new TransformStream();
              const writer = writable.getWriter();
              (async () => {
                for (const part of ["a", "b", "c"]) {
                  await writer.write(new TextEncoder().encode(part));
                  await new Promise((r) => setTimeout(r, 5));
                }
                await writer.close();
              })();
              event.respondWith(new Response(readable, { status: 202 }));
            });
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": js]) { h in
            let reply = try await h.get("/")
            #expect(reply.status == 202)
            #expect(reply.text == "abc")
        }
    }

    @Test func uncaughtErrorsGive500AndCPUOverrunGives503() async throws {
        let js = """
            export default {
              async fetch(request) {
                const path = new URL(request.url).pathname;
                if (path === "/throw") throw new RangeError("the dial goes to eleven");
                if (path === "/spin") { for (;;) {} }
                return new Response("fine");
              },
            };
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": js],
                                      cpuTimeLimit: .milliseconds(200)) { h in
            let thrown = try await h.get("/throw")
            #expect(thrown.status == 500)
            #expect(thrown.text.contains("RangeError: the dial goes to eleven"))
            #expect(h.logs.all.contains { $0.contains("RangeError: the dial goes to eleven") && $0.contains("index.js") })
            let spun = try await h.get("/spin")
            #expect(spun.status == 503)
            let after = try await h.get("/")
            #expect(after.status == 200)
            #expect(after.text == "fine")
        }
    }

    /// A loop after an await runs in a microtask that JSC drains once the call into JS has returned: still a
    /// 503. JSC's watchdog is not trusted again in that isolate, so it is replaced: the Worker's module state
    /// starts over (a fresh isolate), a Durable Object is constructed anew, and a second runaway loop in the
    /// replacements is stopped as well.
    @Test func cpuOverrunAfterAnAwaitGives503AndReplacesTheIsolate() async throws {
        let toml = Self.toml + """

            [[durable_objects.bindings]]
            name = "OBJECT"
            class_name = "Spinner"
            """
        let js = """
            let served = 0;
            export class Spinner {
              constructor() { this.served = 0; }
              async fetch(request) {
                if (new URL(request.url).pathname === "/object/spin-later") { await null; for (;;) {} }
                return new Response(`object ${++this.served}`);
              }
            }
            export default {
              async fetch(request, env) {
                const path = new URL(request.url).pathname;
                if (path.startsWith("/object")) return env.OBJECT.get(env.OBJECT.idFromName("one")).fetch(request);
                if (path === "/spin-later") { await null; for (;;) {} }
                return new Response(`fine ${++served}`);
              },
            };
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": toml, "index.js": js],
                                      cpuTimeLimit: .milliseconds(200)) { h in
            #expect(try await h.get("/").text == "fine 1")
            #expect(try await h.get("/").text == "fine 2")
            for _ in 0..<2 {
                #expect(try await h.get("/spin-later").status == 503)
                // The old isolate answers until its replacement has loaded; then the count starts over.
                var text = ""
                for _ in 0..<200 {
                    text = try await h.get("/").text
                    if text == "fine 1" { break }
                    try await Task.sleep(for: .milliseconds(25))
                }
                #expect(text == "fine 1")
            }

            #expect(try await h.get("/object").text == "object 1")
            #expect(try await h.get("/object").text == "object 2")
            for _ in 0..<2 {
                // The object's stop rejects the Worker's stub.fetch, so the Worker answers 500 with that error.
                let stopped = try await h.get("/object/spin-later")
                #expect(stopped.status == 500)
                #expect(stopped.text.contains("exceeded the CPU time limit"))
                #expect(try await h.get("/object").text == "object 1")
            }
        }
    }

    @Test func syntaxErrorsNameFileAndLineAndReloadRecovers() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml,
                                              "index.js": "export default { fetch() { return new Response('v1') } };"]) { h in
            #expect(try await h.get("/").text == "v1")
            try h.write("index.js", "export default {\n  fetch() { return new Response('v2' }\n};")
            await h.runtime.reload()
            let broken = try await h.get("/")
            #expect(broken.status == 500)
            #expect(h.runtime.loadProblem?.contains("index.js:2") == true)
            try h.write("index.js", "export default { fetch() { return new Response('v3') } };")
            await h.runtime.reload()
            #expect(try await h.get("/").text == "v3")
        }
    }

    @Test func liveReloadThroughTheFileWatcher() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml,
                                              "index.js": "export default { fetch() { return new Response('old') } };"]) { h in
            let (reloads, sink) = AsyncStream<Void>.makeStream()
            let runtime = h.runtime
            let watcher = try FileWatcher(root: h.root, quietPeriodMs: 30) { _ in
                Task {
                    await runtime.reload()
                    sink.yield()
                }
            }
            defer { watcher.stop() }
            #expect(try await h.get("/").text == "old")
            try h.write("index.js", "export default { fetch() { return new Response('new') } };")
            var iterator = reloads.makeAsyncIterator()
            _ = await iterator.next()
            #expect(try await h.get("/").text == "new")
        }
    }

    @Test func configErrorsNameKeyAndFile() async throws {
        let root = try TemporaryProject.make(files: ["wrangler.toml": "main = 42"])
        await #expect(throws: ConfigError(file: root + "/wrangler.toml", message: #""main" must be a string, found an integer"#)) {
            _ = try await WorkerRuntime(projectDirectory: root)
        }
        let missing = try TemporaryProject.make(files: ["wrangler.toml": #"main = "nope.js""#])
        await #expect(throws: ConfigError.self) { _ = try await WorkerRuntime(projectDirectory: missing) }
    }
}
