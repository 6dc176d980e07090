import Foundation
import Testing
@testable import Workers

/// Several isolates running one Worker (`--worker-isolates`): requests go to the least busy one, and
/// per-isolate features (waitUntil, the CPU limit, live reload) keep working.
@Suite struct WorkerPoolTests {
    static let toml = """
        name = "pool"
        main = "index.js"
        compatibility_date = "2024-09-23"
        """

    static func js(_ version: String) -> String {
        """
        const isolate = crypto.randomUUID();
        export default {
          async fetch(request, env, ctx) {
            const path = new URL(request.url).pathname;
            if (path === "/slow") await new Promise((resolve) => setTimeout(resolve, 800));
            if (path === "/spin") { for (;;) {} }
            if (path === "/later") {
              ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 50)).then(() => console.log("waited in " + isolate)));
            }
            return Response.json({ isolate, version: "\(version)" });
          },
        };
        """
    }

    static func field(_ reply: HTTPClient.Reply, _ name: String) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any])?[name] as? String
    }

    @Test func concurrentRequestsSpreadAndAnIdleServerKeepsOneIsolate() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js("v1")], workerIsolates: 3) { h in
            let isolates = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<3 { group.addTask { Self.field(try await h.get("/slow"), "isolate") } }
                var seen: Set<String> = []
                for try await isolate in group { if let isolate { seen.insert(isolate) } }
                return seen
            }
            // Three requests open at once, three isolates each with none open: one request each.
            #expect(isolates.count == 3)
            var sequential: Set<String> = []
            for _ in 0..<4 { sequential.insert(Self.field(try await h.get("/"), "isolate") ?? "") }
            #expect(sequential.count == 1)
        }
    }

    @Test func cpuLimitWaitUntilAndReloadInAPool() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js("v1")],
                                      cpuTimeLimit: .milliseconds(200), workerIsolates: 2) { h in
            #expect(try await h.get("/spin").status == 503)
            for _ in 0..<3 { #expect(try await h.get("/").status == 200) }

            #expect(try await h.get("/later").status == 200)
            for _ in 0..<100 where !h.logs.all.contains(where: { $0.hasPrefix("waited in ") }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(h.logs.all.contains { $0.hasPrefix("waited in ") })

            try h.write("index.js", Self.js("v2"))
            await h.runtime.reload()
            let versions = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<4 { group.addTask { Self.field(try await h.get("/slow"), "version") } }
                var all: [String?] = []
                for try await version in group { all.append(version) }
                return all
            }
            #expect(versions == Array(repeating: "v2", count: 4))
        }
    }
}
