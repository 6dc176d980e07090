import Foundation
import JavaScript
import Testing
@testable import Workers

/// What the bindings layer sees: compatibility flags and, at call time, Worker vs Durable Object.
@Suite struct RuntimeContextTests {
    /// Stands in for a bindings layer: a global that reports `RuntimeContext.current` when JS calls it.
    struct ContextProbe: BindingProvider {
        func install(in ctx: JSContext, workers: JSValue, environment: BindingEnvironment) throws {
            try ctx.global.set("probeContext", ctx.function("probeContext") { ctx, _, _ in
                guard let current = RuntimeContext.current else { return ctx.string("none") }
                let kind = current.kind.isDurableObject ? "object" : "worker"
                return ctx.string("\(kind)|\(current.webgpuUnavailableReason ?? "gpu ok")")
            })
        }
    }

    static let registered: Void = BindingProviders.register(ContextProbe())

    @Test func bindingsSeeFlagsAndWhereJSRuns() async throws {
        _ = Self.registered
        let toml = """
            name = "probe"
            main = "index.js"
            compatibility_flags = ["experimental", "webgpu"]
            [[durable_objects.bindings]]
            name = "GPU"
            class_name = "GPUObject"
            """
        let js = """
            export class GPUObject {
              fetch() { return new Response(probeContext()); }
            }
            export default {
              async fetch(request, env) {
                const inObject = await env.GPU.getByName("a").fetch("http://o/");
                return new Response(probeContext() + "\\n" + await inObject.text());
              },
            };
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": toml, "index.js": js]) { h in
            let lines = try await h.get("/").text.split(separator: "\n")
            #expect(lines == ["worker|webgpu api is only available in Durable Objects", "object|gpu ok"])
        }
        let flags = CompatibilityFlags(["webgpu"])
        let context = RuntimeContext(compatibilityFlags: flags, compatibilityDate: nil,
                                     kind: .durableObject(className: "A", id: "0", hasStorage: true))
        #expect(context.webgpuUnavailableReason == "webgpu needs the experimental compatibility flag set")
    }
}
