import Foundation
import GPUBindings
import JavaScript
import Testing
@testable import Workers

/// The `navigator.gpu` gate: Durable Objects only, with storage, with both compatibility flags.
@Suite struct GateTests {
    static func project(flags: String) -> [String: String] {
        ["wrangler.toml": """
            name = "gate"
            main = "index.js"
            compatibility_date = "2024-09-23"
            compatibility_flags = [\(flags)]
            [[durable_objects.bindings]]
            name = "OBJ"
            class_name = "Obj"
            [[migrations]]
            tag = "v1"
            new_classes = ["Obj"]
            """,
         "index.js": """
            import { DurableObject } from "cloudflare:workers";
            function probe() {
              const seen = [typeof navigator, typeof navigator.userAgent, typeof GPUBuffer];
              console.log(navigator);
              try { seen.push(typeof navigator.gpu); } catch (e) { seen.push(`${e.constructor.name}: ${e.message}`); }
              return new Response(seen.join("|"));
            }
            export class Obj extends DurableObject { fetch() { return probe(); } }
            export default {
              fetch(request, env) {
                if (new URL(request.url).pathname === "/worker") return probe();
                return env.OBJ.get(env.OBJ.idFromName("x")).fetch(request);
              },
            };
            """]
    }

    @Test func plainWorkerIsRefused() async throws {
        let server = try await TestServer.start(files: Self.project(flags: #""experimental", "webgpu""#))
        let reply = try await server.get("/worker")
        await server.stop()
        #expect(reply.text == "object|string|function|TypeError: webgpu api is only available in Durable Objects")
    }

    @Test func durableObjectWithBothFlagsGetsGPU() async throws {
        let server = try await TestServer.start(files: Self.project(flags: #""experimental", "webgpu""#))
        let reply = try await server.get("/object")
        await server.stop()
        #expect(reply.text == "object|string|function|object")
    }

    @Test(arguments: [#""experimental""#, ""])
    func missingWebGPUFlagIsRefused(_ flags: String) async throws {
        let server = try await TestServer.start(files: Self.project(flags: flags))
        let reply = try await server.get("/object")
        await server.stop()
        #expect(reply.text == "object|string|function|TypeError: webgpu needs the webgpu compatibility flag set")
    }

    @Test func missingExperimentalFlagIsRefused() async throws {
        let server = try await TestServer.start(files: Self.project(flags: #""webgpu""#))
        let reply = try await server.get("/object")
        await server.stop()
        #expect(reply.text.hasPrefix("object|string|function|TypeError: webgpu needs the experimental"))
    }

    /// Kiln's Durable Objects always have storage; the rule for one without it is RuntimeContext's, applied to a
    /// bare isolate the same way ScriptHost applies it.
    @Test func durableObjectWithoutStorageIsRefused() async throws {
        let runtime = RuntimeContext(compatibilityFlags: CompatibilityFlags(["experimental", "webgpu"]), compatibilityDate: nil,
                                     kind: .durableObject(className: "Obj", id: "00", hasStorage: false))
        let isolate = try Isolate()
        defer { isolate.shutdown() }
        let text = try await isolate.run { ctx in
            try WebAPIs.install(in: ctx)
            try GPUBindings.install(in: ctx, unavailableReason: runtime.webgpuUnavailableReason)
            return try ctx.evaluate("""
                (() => { try { return String(navigator.gpu); } catch (e) { return `${e.constructor.name}: ${e.message}`; } })()
                """).toString()
        }
        #expect(text == "TypeError: webgpu api is only available in Durable Objects (no storage)")
    }
}
