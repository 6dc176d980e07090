import Foundation
import Testing
@testable import Workers

/// A `script_name` binding to a class of another Worker: kiln dev runs one Worker, so, as in `wrangler dev`
/// while that Worker is not running, the binding is not connected — a warning at start, and stub calls throw
/// wrangler's error.
@Suite struct ExternalDurableObjectTests {
    static let toml = """
        name = "caller"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [[durable_objects.bindings]]
        name = "REMOTE"
        class_name = "Remote"
        script_name = "other-worker"
        [[durable_objects.bindings]]
        name = "LOCAL"
        class_name = "Local"
        script_name = "caller"
        """

    static let js = """
        export class Local { fetch() { return new Response("local object"); } }
        export default {
          async fetch(request, env) {
            const path = new URL(request.url).pathname;
            const stub = env.REMOTE.get(env.REMOTE.idFromName("a"));
            if (path === "/local") return env.LOCAL.getByName("a").fetch("http://local/");
            if (path === "/rpc") { try { await stub.hello(); } catch (e) { return new Response("rpc: " + e.message, { status: 503 }); } }
            if (path === "/uncaught") return stub.fetch("http://remote/");
            try { return await stub.fetch("http://remote/"); } catch (e) { return new Response("fetch: " + e.message, { status: 503 }); }
          },
        };
        """

    @Test func bindingsToAnotherWorkerWarnAndThrowOnUse() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            #expect(h.runtime.config.warnings.map(\.message) == [
                "Durable Object binding \"REMOTE\" (class Remote) is defined in the Worker \"other-worker\", which kiln dev "
                    + "does not run: it is not connected, and its stubs' fetch() and RPC calls throw",
            ])
            let message = "Couldn't find a local dev session for Durable Object \"Remote\" of service \"other-worker\" to proxy to"
            #expect(try await h.get("/").text == "fetch: " + message)
            #expect(try await h.get("/rpc").text == "rpc: " + message)
            let uncaught = try await h.get("/uncaught")
            #expect(uncaught.status == 500)
            #expect(uncaught.text.contains(message))
            // script_name naming this Worker itself is an ordinary local binding.
            #expect(try await h.get("/local").text == "local object")
        }
    }
}
