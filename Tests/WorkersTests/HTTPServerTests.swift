import Foundation
import Testing
@testable import Workers

/// The HTTP front door alone, with a Swift handler standing in for the Worker.
@Suite struct HTTPServerTests {
    struct EchoHandler: WorkerRequestHandler {
        func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void) {
            if request.pathAndQuery == "/stream" {
                let (stream, continuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
                Task {
                    for part in ["one ", "two ", "three"] {
                        continuation.yield(Array(part.utf8))
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                    continuation.finish()
                }
                reply(WorkerResponse(status: 200, body: .stream(stream)))
                return
            }
            let text = "\(request.method) \(request.pathAndQuery) \(request.body.count) \(request.url)"
            reply(WorkerResponse(status: 201, headers: [("x-echo", "yes")], body: .bytes(Array(text.utf8))))
        }
    }

    @Test func servesLimitsAndLogs() async throws {
        let lines = LogLines()
        try await TestServer.with(handler: EchoHandler(), bodyLimit: 1000, log: lines) { port in
            let ok = try await HTTPClient.send(port: port, method: "POST", path: "/a?b=1", body: Array(repeating: 65, count: 10))
            #expect(ok.status == 201)
            #expect(ok.header("x-echo") == "yes")
            #expect(ok.text == "POST /a?b=1 10 http://127.0.0.1:\(port)/a?b=1")

            let streamed = try await HTTPClient.send(port: port, path: "/stream")
            #expect(streamed.text == "one two three")

            let tooBig = try await HTTPClient.send(port: port, method: "POST", path: "/", body: Array(repeating: 65, count: 1001))
            #expect(tooBig.status == 413)

            let garbage = try await HTTPClient.raw(port: port, bytes: Array("NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(garbage.hasPrefix("HTTP/1.1 400"))
        }
        #expect(lines.all.contains { $0.hasPrefix("[kiln] POST /a?b=1 201 Created (") && $0.hasSuffix("ms)") })
        #expect(lines.all.contains { $0.hasPrefix("[kiln] POST / 413 Content Too Large (") })
    }
}

/// HTTP/1.1 connection handling of the NIO front door.
@Suite struct HTTPConnectionTests {
    @Test func keepAlivePipeliningHeadAndHTTP10() async throws {
        try await TestServer.with(handler: HTTPServerTests.EchoHandler()) { port in
            // Two pipelined requests on one connection, answered in order; the second closes it.
            let two = try await HTTPClient.raw(port: port, bytes: Array((
                "GET /one HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").utf8))
            #expect(two.components(separatedBy: "HTTP/1.1 201").count == 3)
            #expect(two.range(of: "GET /one")!.lowerBound < two.range(of: "GET /two")!.lowerBound)
            #expect(two.contains("connection: close"))

            let head = try await HTTPClient.raw(port: port, bytes: Array(
                "HEAD /h HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8))
            #expect(head.hasPrefix("HTTP/1.1 201"))
            #expect(head.contains("content-length: 20"))  // what GET would send: "HEAD /h 0 http://a/h"…
            #expect(head.hasSuffix("\r\n\r\n"))  // …but no body

            let old = try await HTTPClient.raw(port: port, bytes: Array("GET /old HTTP/1.0\r\nHost: a\r\n\r\n".utf8))
            #expect(old.hasPrefix("HTTP/1.0 201"))
            #expect(old.hasSuffix("GET /old 0 http://a/old"))

            // A streamed body to HTTP/1.0: no chunked encoding, the end of the connection ends the body.
            let stream = try await HTTPClient.raw(port: port, bytes: Array("GET /stream HTTP/1.0\r\n\r\n".utf8))
            #expect(stream.hasPrefix("HTTP/1.0 200"))
            #expect(stream.hasSuffix("\r\n\r\none two three"))
        }
    }
}
