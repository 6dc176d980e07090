import Foundation
import JavaScript
import Testing

@Suite struct ValueTests {
    @Test func primitivesRoundTrip() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                #expect(try ctx.number(1.5).toDouble() == 1.5)
                #expect(try ctx.string("a\u{0}b😀é").toString() == "a\u{0}b😀é")
                #expect(ctx.bool(true).toBool())
                #expect(ctx.null.isNull && ctx.undefined.isUndefined && ctx.null.isNullish)
                #expect(try ctx.evaluate("'x'.length").int == 1)
                #expect(try ctx.evaluate("2 ** 31").toInt32() == Int32.min)
                #expect(ctx.number(3).number == 3 && ctx.string("3").number == nil)
                #expect(try ctx.evaluate("typeof Symbol()").toString() == "symbol")
            }
        }
    }

    /// ASCII strings take a fast path each way across the C API (8-bit JS strings, a narrowing copy back);
    /// everything else the UTF-16 path. Both must give back exactly what went in, as JS sees it too.
    @Test func stringsCrossTheCAPIExactlyOnEveryPath() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let lengthOf = try ctx.evaluate("(s) => s.length")
                let codeUnits = try ctx.evaluate("(s) => Array.from(s, (c) => c.codePointAt(0)).join(',')")
                for text in ["", "plain ascii", "\u{7F}", "\u{80}", "a\u{0}b", "\u{0}", "é", "日本", "😀", "mixed é and 😀 and ascii",
                             String(repeating: "long ascii ", count: 500)] {
                    let value = ctx.string(text)
                    #expect(try value.toString() == text)
                    #expect(try lengthOf.call([value]).toDouble() == Double(text.utf16.count))
                    #expect(try codeUnits.call([value]).toString()
                            == text.unicodeScalars.map { String($0.value) }.joined(separator: ","))
                }
                // A lone surrogate from JS has no Swift form: it becomes U+FFFD, the rest is kept.
                #expect(try ctx.evaluate("'a\\uD800b'").toString() == "a\u{FFFD}b")
                #expect(try ctx.evaluate("'x'.repeat(3) + '\\u00e9'").toString() == "xxxé")
            }
        }
    }

    @Test func arraysObjectsAndDates() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let array = try ctx.value([1, 2, 3])
                #expect(array.isArray)
                #expect(try array.toArray().map { try $0.toDouble() } == [1, 2, 3])
                let object = try ctx.value(["a": 1, "b": 2])
                #expect(try object.keys().sorted() == ["a", "b"])
                #expect(try object.toDictionary()["b"]?.toDouble() == 2)
                let when = Date(timeIntervalSince1970: 1_700_000_000.25)
                let date = try ctx.date(when)
                #expect(date.isDate)
                #expect(try date.toDate() == when)
                #expect(try ctx.evaluate("new Date(0)").toDate() == Date(timeIntervalSince1970: 0))
                #expect(try ctx.value(Optional<Int>.none).isNull)
                #expect(try ctx.evaluate("({a: [1, {b: 'x'}]})").toJSON() == #"{"a":[1,{"b":"x"}]}"#)
                #expect(try ctx.parseJSON(#"{"k": [true]}"#).get("k").get(index: 0).toBool())
                #expect(throws: JSError.self) { try ctx.parseJSON("{bad") }
            }
        }
    }

    @Test func propertiesAndCalls() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                let object = ctx.object()
                try object.set("x", 41)
                try object.set(index: 3, ctx.string("three"))
                #expect(try object.get("x").toDouble() == 41)
                #expect(try object.get(index: 3).toString() == "three")
                #expect(try object.has("x"))
                #expect(try object.delete("x"))
                #expect(try !object.has("x"))
                #expect(object["missing"].isUndefined)
                #expect(try ctx.string("abc").get("length").toDouble() == 3)
                #expect(throws: JSError.self) { try ctx.null.get("x") }
                let max = try ctx.evaluate("Math.max")
                #expect(try max.call([ctx.number(3), ctx.number(9)]).toDouble() == 9)
                let point = try ctx.evaluate("(class Point { constructor(x) { this.x = x } norm() { return Math.abs(this.x) } })")
                let instance = try point.construct([ctx.number(-4)])
                #expect(try instance.isInstance(of: point))
                #expect(try instance.callMethod("norm").toDouble() == 4)
                #expect(throws: JSError.self) { try ctx.number(1).call() }
                try object.define("hidden", ctx.number(1), enumerable: false, writable: false)
                #expect(try object.keys() == ["3"])
                try object.defineAccessor("computed", get: ctx.function("get") { ctx, _, _ in ctx.number(7) })
                #expect(try object.get("computed").toDouble() == 7)
            }
        }
    }

    @Test func jsExceptionsBecomeSwiftErrorsWithLocation() async throws {
        try await withIsolate { isolate throws in
            try await isolate.run { ctx throws in
                do {
                    try ctx.evaluate("\n\nfunction f() { null.x }\nf()", sourceURL: "app.js")
                    Issue.record("expected a throw")
                } catch let error as JSError {
                    #expect(error.name == "TypeError")
                    #expect(error.sourceURL == "app.js")
                    #expect(error.line == 3)
                    #expect(error.stack.contains("app.js:3"))
                    #expect(error.value?.isObject == true)
                }
                do {
                    try ctx.evaluate("throw 'plain string'")
                } catch let error as JSError {
                    #expect(error.message == "plain string")
                    #expect(error.value?.string == "plain string")
                }
                do {
                    try ctx.checkSyntax("let a = 1;\nlet = = 2;", sourceURL: "bad.js")
                    Issue.record("expected a syntax error")
                } catch let error as JSError {
                    #expect(error.name == "SyntaxError")
                    #expect(error.line == 2)
                }
            }
        }
    }
}
