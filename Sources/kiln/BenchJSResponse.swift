import Foundation
import JavaScript

/// `new Response("x")` + `await response.text()` round trips per second, in one isolate.
enum BenchJSResponse {
    static func measure(count: Int) async throws -> Double {
        let isolate = try Isolate(options: .init(name: "bench.response"))
        defer { isolate.shutdown() }
        let loop = try await isolate.run { ctx -> JSValue in
            _ = try WebAPIs.install(in: ctx)
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
