import Testing
@testable import JavaScript

/// The Swift-facing bridge the Workers runtime uses: Request in, Response out.
@Suite("WebAPIs host bridge")
struct WebAPIHostTests {
    @Test func makeRequestBuildsAJSRequest() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        let summary = try await isolate.run { ctx -> JSValue in
            let request = try web.makeRequest(method: "post", url: "http://localhost:8787/a?b=1",
                                              headers: [("Content-Type", "application/json"), ("X-A", "1"), ("x-a", "2")],
                                              body: Array(#"{"n":5}"#.utf8))
            try ctx.global.set("incoming", request)
            return try ctx.evaluate("""
                (async () => [incoming instanceof Request, incoming.method, incoming.url, incoming.headers.get("x-a"),
                              (await incoming.json()).n].join("|"))()
                """)
        }.resolved()
        #expect(try await isolate.run { _ in try summary.toString() } == "true|POST|http://localhost:8787/a?b=1|1, 2|5")
    }

    @Test func makeRequestRejectsBadInput() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        await #expect(throws: JSError.self) {
            try await isolate.run { _ in _ = try web.makeRequest(method: "GET", url: "/relative", headers: [], body: nil) }
        }
        await #expect(throws: JSError.self) {
            try await isolate.run { _ in _ = try web.makeRequest(method: "GET", url: "http://a/", headers: [("bad name", "x")], body: nil) }
        }
    }

    @Test func readResponseCollectsStatusHeadersAndBody() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        let response = try await isolate.run { ctx in
            try ctx.evaluate(#"new Response("héllo", { status: 418, statusText: "Teapot", headers: [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]] })"#)
        }
        let (head, body) = try await web.readResponse(response)
        #expect(head.status == 418)
        #expect(head.statusText == "Teapot")
        #expect(head.headers.map { "\($0.0)=\($0.1)" } == ["set-cookie=a=1", "set-cookie=b=2", "content-type=text/plain;charset=UTF-8"])
        #expect(String(decoding: body, as: UTF8.self) == "héllo")
        await #expect(throws: JSError.self) { _ = try await web.readResponse(response) }
    }

    @Test func readResponseOfAPromisedStreamingResponse() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        let promise = try await isolate.run { ctx in
            try ctx.evaluate("""
                (async () => new Response(new ReadableStream({
                  async pull(c) { await null; c.enqueue(new TextEncoder().encode("chunk" + (this.n = (this.n ?? 0) + 1))); if (this.n === 3) c.close(); }
                })))()
                """)
        }
        let response = try await promise.resolved()
        let (head, chunks) = try await web.openResponse(response)
        #expect(head.status == 200)
        var received: [String] = []
        for try await chunk in chunks { received.append(String(decoding: chunk, as: UTF8.self)) }
        #expect(received == ["chunk1", "chunk2", "chunk3"])
    }

    @Test func readResponseRefusesNonResponses() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        let notAResponse = try await isolate.run { ctx in try ctx.evaluate("({ status: 200 })") }
        do {
            _ = try await web.readResponse(notAResponse)
            Issue.record("a plain object was accepted as a Response")
        } catch let error as JSError {
            #expect(error.name == "TypeError")
            #expect(error.message.contains("Expected a Response"))
        }
    }

    @Test func abortRequestFiresTheSignal() async throws {
        let (isolate, web) = try await WebAPITestSupport.makeIsolate()
        defer { isolate.shutdown() }
        let state = try await isolate.run { ctx -> String in
            let request = try web.makeRequest(method: "GET", url: "https://e.com/", headers: [], body: nil)
            try ctx.global.set("req", request)
            _ = try ctx.evaluate(#"globalThis.seen = []; req.signal.addEventListener("abort", () => seen.push(req.signal.reason.name));"#)
            try web.abort(request: request, reason: "client went away")
            return try ctx.evaluate(#"seen.join(",") + "|" + req.signal.reason.message"#).toString()
        }
        #expect(state == "AbortError|client went away")
    }
}
