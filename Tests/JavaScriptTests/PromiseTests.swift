import Foundation
import JavaScript
import Testing

@Suite struct PromiseTests {
    @Test func swiftAsyncWorkResolvesAJSPromise() async throws {
        try await withIsolate { isolate throws in
            let promise = try await isolate.run { ctx in
                try ctx.promise({ () async throws -> Int in
                    try await Task.sleep(for: .milliseconds(5))
                    return 21
                }, then: { ctx, value in ctx.number(value * 2) })
            }
            let value = try await promise.resolved()
            #expect(try await isolate.run { _ in try value.toDouble() } == 42)
        }
    }

    @Test func swiftAsyncFailureRejects() async throws {
        try await withIsolate { isolate throws in
            let message = try await isolate.run { ctx in
                try ctx.global.set("failLater", ctx.function("failLater") { ctx, _, _ in
                    try ctx.promise({ () async throws -> Int in throw JSError.typeError("no network") },
                                    then: { ctx, _ in ctx.undefined })
                })
                return try ctx.evaluate("failLater().catch(e => `${e.name}:${e.message}`)")
            }
            let settled = try await message.resolved()
            #expect(try await isolate.run { _ in try settled.toString() } == "TypeError:no network")
        }
    }

    @Test func resolverSettlesOnceFromAnotherThread() async throws {
        try await withIsolate { isolate throws in
            let (promise, resolver) = try await isolate.run { ctx in try ctx.makePromise() }
            let observed = try await isolate.run { ctx in
                try ctx.evaluate("p => p.then(v => 'got ' + v)").call([promise])
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.01) {
                isolate.enqueue { ctx in
                    resolver.resolve(ctx.string("first"))
                    resolver.reject(JSError.error("ignored: already settled"))
                }
            }
            let value = try await observed.resolved()
            #expect(try await isolate.run { _ in try value.toString() } == "got first")
        }
    }

    @Test func awaitingRejectedAndPlainValues() async throws {
        try await withIsolate { isolate throws in
            let reports = Collector<Isolate.UncaughtError>()
            isolate.uncaughtErrorHandler = { reports.append($0) }
            let error = await #expect(throws: JSError.self) {
                try await isolate.runAndAwait { ctx in try ctx.evaluate("Promise.reject(new TypeError('nope'))") }
            }
            #expect(reports.values.isEmpty)  // handled in the same turn: not an unhandled rejection
            #expect(error?.name == "TypeError")
            #expect(error?.message == "nope")
            let plain = try await isolate.run { ctx in ctx.number(5) }
            let resolved = try await plain.resolved()
            #expect(try await isolate.run { _ in try resolved.toDouble() } == 5)
            let thenable = try await isolate.run { ctx in try ctx.evaluate("({ then(r) { setTimeout(r, 1, 'later') } })") }
            let fromThenable = try await thenable.resolved()
            #expect(try await isolate.run { _ in try fromThenable.toString() } == "later")
        }
    }

    @Test func asyncFunctionsAndMicrotasksRunAfterEachCall() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                try ctx.evaluate("""
                    globalThis.log = [];
                    (async () => { log.push("a1"); await null; log.push("a2"); })();
                    queueMicrotask(() => log.push("m"));
                    log.push("sync");
                    """)
                return try ctx.evaluate("log.join()").toString()
            }
            #expect(result == "a1,sync,a2,m")
        }
    }
}
