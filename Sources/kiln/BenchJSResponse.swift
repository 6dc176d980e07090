import Foundation
import JavaScript

/// `new Response("x")` + `await response.text()` round trips per second, in one isolate.
enum BenchJSResponse {
    /// Returns nil when no Web API installer is available (the engine alone has no `Response`).
    static func measure(count: Int, install: ((JSContext) throws -> Void)?) async throws -> Double? {
        guard let install else { return nil }
        let isolate = try Isolate(options: .init(name: "bench.response"))
        defer { isolate.shutdown() }
        let loop = try await isolate.run { ctx -> JSValue in
            try install(ctx)
            return try ctx.evaluate("""
                (async n => { let total = 0; for (let i = 0; i < n; i++) total += (await new Response("x").text()).length; return total; })
                """)
        }
        _ = try await isolate.run { ctx in try loop.call([ctx.number(count / 10)]) }.resolved()  // warm up
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try await isolate.run { ctx in try loop.call([ctx.number(count)]) }.resolved()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(count) / seconds
    }
}
