import Foundation
import JavaScript
import Testing

private struct DiskFull: JSErrorConvertible {
    var jsError: JSError { .domException("QuotaExceededError", "disk full") }
}

@Suite struct NativeFunctionTests {
    @Test func nativeFunctionsAreRealFunctions() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                try ctx.global.set("add", ctx.function("add", length: 2) { ctx, _, args in
                    ctx.number(try args[0].toDouble() + args[1].toDouble())
                })
                return try ctx.evaluate("""
                    [add(2, 3), add.length, add.name, typeof add, add.call(null, 1, 1), add.apply(null, [4, 4]),
                     add.bind(null, 10)(5), add instanceof Function, Number.isNaN(add(1))].join()
                    """).toString()
            }
            #expect(result == "5,2,add,function,2,8,15,true,true")
        }
    }

    @Test func thisAndMissingArguments() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                try ctx.global.set("probe", ctx.function("probe") { ctx, this, args in
                    ctx.string("\(args.count):\(args[5].isUndefined):\(try this.get("tag").toString())")
                })
                return try ctx.evaluate("({ tag: 'me', probe }).probe(1, 2)").toString()
            }
            #expect(result == "2:true:me")
        }
    }

    @Test func swiftErrorsBecomeTheRightJSErrors() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                let errors: [String: Error] = [
                    "type": JSError.typeError("bad type"),
                    "range": JSError.rangeError("too big"),
                    "abort": JSError.domException("AbortError", "stopped"),
                    "quota": DiskFull(),
                    "plain": CocoaError(.fileNoSuchFile),
                ]
                for (name, error) in errors {
                    try ctx.global.set(name, ctx.function(name) { _, _, _ in throw error })
                }
                return try ctx.evaluate("""
                    ["type", "range", "abort", "quota", "plain"].map(n => {
                      try { globalThis[n](); return "none" } catch (e) {
                        return `${e instanceof Error}/${e.constructor.name}/${e.name}/${e.message.length > 0}`
                      }
                    }).join(" ")
                    """).toString()
            }
            #expect(result == "true/TypeError/TypeError/true true/RangeError/RangeError/true "
                    + "true/Error/AbortError/true true/Error/QuotaExceededError/true true/Error/Error/true")
        }
    }

    @Test func domExceptionIsUsedWhenInstalled() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                try ctx.evaluate("""
                    globalThis.DOMException = class DOMException extends Error {
                      constructor(message, name) { super(message); this.name = name; }
                    }
                    """)
                try ctx.global.set("abort", ctx.function("abort") { _, _, _ in
                    throw JSError.domException("AbortError", "stopped")
                })
                return try ctx.evaluate("try { abort() } catch (e) { `${e instanceof DOMException}:${e.name}:${e.message}` }")
                    .toString()
            }
            #expect(result == "true:AbortError:stopped")
        }
    }

    @Test func jsErrorsPassThroughNativeFunctionsUnchanged() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx in
                try ctx.global.set("callIt", ctx.function("callIt", length: 1) { _, _, args in try args[0].call() })
                return try ctx.evaluate("""
                    const original = new SyntaxError("inner");
                    try { callIt(() => { throw original }) } catch (e) { String(e === original) }
                    """).toString()
            }
            #expect(result == "true")
        }
    }

    /// Arguments are borrowed during a call; values Swift keeps (alone, or via the whole JSArguments) must be
    /// protected afterwards and survive garbage collection.
    @Test func keptArgumentsSurviveGarbageCollection() async throws {
        try await withIsolate { isolate throws in
            let result = try await isolate.run { ctx -> String in
                var keptValues: [JSValue] = []
                var keptArguments: [JSArguments] = []
                var keptThis: [JSValue] = []
                try ctx.global.set("keepValue", ctx.function("keepValue", length: 1) { ctx, _, args in
                    keptValues.append(args[0])
                    return ctx.undefined
                })
                try ctx.global.set("keepArguments", ctx.function("keepArguments") { ctx, _, args in
                    keptArguments.append(args)
                    return ctx.undefined
                })
                try ctx.global.set("keepThis", ctx.function("keepThis") { ctx, this, _ in
                    keptThis.append(this)
                    return ctx.undefined
                })
                try ctx.evaluate("""
                    for (let i = 0; i < 200; i++) {
                      keepValue({ tag: "v" + i });
                      keepArguments({ tag: "a" + i }, "s" + i);
                      keepThis.call({ tag: "t" + i });
                      ({ junk: new Array(100).fill(i) });
                    }
                    """)
                ctx.collectGarbage()
                try ctx.evaluate("for (let i = 0; i < 1e5; i++) ({ churn: [i] })")
                ctx.collectGarbage()
                let values = try keptValues.map { try $0.get("tag").toString() }
                let arguments = try keptArguments.map { try $0[0].get("tag").toString() + $0[1].toString() }
                let thisTags = try keptThis.map { try $0.get("tag").toString() }
                return [values[199], arguments[199], thisTags[199], "\(values.count + arguments.count + thisTags.count)"]
                    .joined(separator: ",")
            }
            #expect(result == "v199,a199s199,t199,600")
        }
    }
}
