import Testing
@testable import JavaScript

/// console.* formatting (util.inspect-like) and delivery to the host's sink.
@Suite("console")
struct WebAPIConsoleTests {
    /// Runs `script` and returns what reached the sink.
    private func logged(_ script: String) async throws -> [(ConsoleLevel, String)] {
        let console = WebAPITestSupport.ConsoleLines()
        let (isolate, _) = try await WebAPITestSupport.makeIsolate(console: console)
        defer { isolate.shutdown() }
        try await isolate.run { ctx in _ = try ctx.evaluate(script, sourceURL: "console-test.js") }
        return console.lines
    }

    private func line(_ expression: String) async throws -> String {
        try await logged("console.log(\(expression))").first?.1 ?? "<nothing logged>"
    }

    @Test func levelsReachTheSink() async throws {
        let lines = try await logged("""
            console.log("l"); console.info("i"); console.warn("w"); console.error("e"); console.debug("d");
            """)
        #expect(lines.map(\.0) == [.log, .info, .warn, .error, .debug])
        #expect(lines.map(\.1) == ["l", "i", "w", "e", "d"])
    }

    @Test func primitivesAndStrings() async throws {
        #expect(try await line(#""top", 1, -0, 10n, null, undefined, true, Symbol("s")"#) == "top 1 -0 10n null undefined true Symbol(s)")
        #expect(try await line(#"["nested 'q'"]"#) == #"[ 'nested \'q\'' ]"#)
        #expect(try await line(#""%s=%d %i %f %j %o %%", "a", 4.5, 4.5, "1.5", {x: 1}, [1]"#) == "a=4.5 4 1.5 {\"x\":1} [ 1 ] %")
    }

    @Test func objectsArraysAndNesting() async throws {
        #expect(try await line("{ a: 1, b: 'x', 'c-d': [1, 2, { e: null }] }") == "{ a: 1, b: 'x', 'c-d': [ 1, 2, { e: null } ] }")
        #expect(try await line("{ a: { b: { c: { d: 1 } } } }") == "{ a: { b: { c: [Object] } } }")
        #expect(try await line("[1, , 3]") == "[ 1, <1 empty item>, 3 ]")
        #expect(try await line("[]") == "[]")
        #expect(try await line("{}") == "{}")
        #expect(try await line("Object.create(null)") == "[Object: null prototype] {}")
        #expect(try await line("new (class Point { constructor() { this.x = 1; } })()") == "Point { x: 1 }")
        #expect(try await line("(() => { const o = { n: 1 }; o.self = o; return o; })()") == "{ n: 1, self: [Circular *1] }")
        #expect(try await line("Array.from({ length: 101 }, (_, i) => i)").hasSuffix("... 1 more item\n]"))
        let long = try await line("{ alpha: 'aaaaaaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbbbbbb', gamma: 'cccccccccccccccccccc' }")
        #expect(long == "{\n  alpha: 'aaaaaaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbbbbbbbb',\n  gamma: 'cccccccccccccccccccc'\n}")
    }

    @Test func typedArraysBuffersMapsSets() async throws {
        #expect(try await line("new Float32Array([0, 1, 2, 3])") == "Float32Array(4) [ 0, 1, 2, 3 ]")
        #expect(try await line("new Uint8Array(0)") == "Uint8Array(0) []")
        #expect(try await line("new Uint8Array([1, 255]).buffer") == "ArrayBuffer { [Uint8Contents]: <01 ff>, byteLength: 2 }")
        #expect(try await line("new Map([['a', 1], [{ k: 2 }, [3]]])") == "Map(2) { 'a' => 1, { k: 2 } => [ 3 ] }")
        #expect(try await line("new Set([1, 'two'])") == "Set(2) { 1, 'two' }")
        #expect(try await line("new Date(0)") == "1970-01-01T00:00:00.000Z")
        #expect(try await line("/a+b/gi") == "/a+b/gi")
        #expect(try await line("function named() {}, class K {}, () => {}") == "[Function: named] [class K] [Function (anonymous)]")
    }

    @Test func errorsPrintWithStacks() async throws {
        let text = try await line("(function thrower() { return new TypeError('went wrong'); })()")
        #expect(text.hasPrefix("TypeError: went wrong\n    at thrower"), "\(text)")
        #expect(text.contains("console-test.js:1"), "\(text)")
        let dom = try await line("new DOMException('gone', 'AbortError')")
        #expect(dom.hasPrefix("AbortError: gone"), "\(dom)")
    }

    @Test func webObjectsShowTheirState() async throws {
        #expect(try await line("new Headers({ 'X-A': '1' })") == "Headers { 'x-a': '1' }")
        #expect(try await line("new URLSearchParams('a=1')") == "URLSearchParams { a: '1' }")
        let url = try await line("new URL('https://a.com/p?q#h')")
        #expect(url.contains("href: 'https://a.com/p?q#h'") && url.contains("pathname: '/p'"), "\(url)")
    }

    @Test func assertCountTimeAndGroups() async throws {
        let lines = try await logged("""
            console.assert(1 === 1, "fine"); console.assert(false, "broken %s", "here");
            console.count(); console.count(); console.count("x"); console.countReset(); console.count();
            console.group("G"); console.log("inner"); console.groupEnd(); console.log("outer");
            console.time("t"); console.timeEnd("t"); console.timeEnd("t");
            """)
        let texts = lines.map(\.1)
        #expect(texts[0] == "Assertion failed: broken here" && lines[0].0 == .error)
        #expect(Array(texts[1...4]) == ["default: 1", "default: 2", "x: 1", "default: 1"])
        #expect(Array(texts[5...7]) == ["G", "  inner", "outer"])
        #expect(texts[8].hasPrefix("t: ") && texts[8].hasSuffix("ms"))
        #expect(texts[9] == "Timer 't' does not exist" && lines[9].0 == .warn)
    }

    @Test func throwingListenerIsReportedToTheConsole() async throws {
        let lines = try await logged("""
            const t = new EventTarget(); t.addEventListener("x", () => { throw new RangeError("in listener"); });
            t.dispatchEvent(new Event("x")); console.log("after");
            """)
        #expect(lines.count == 2)
        #expect(lines[0].0 == .error && lines[0].1.hasPrefix("Uncaught RangeError: in listener"))
        #expect(lines[1].1 == "after")
    }
}
