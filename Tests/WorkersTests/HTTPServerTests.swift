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
