import Foundation
import Testing
@testable import Workers

/// Request bodies that stream: large (Content-Length over 1 MiB) or chunked ones reach the handler as a
/// `WorkerRequestBody` read as it arrives, still held to the body limit.
@Suite struct StreamedRequestBodyTests {
    /// Answers with how the body came (`bytes` / `stream`), its size, and a checksum of it; 413 past the limit.
    struct CountingHandler: WorkerRequestHandler {
        func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void) {
            Task { reply(await count(request)) }
        }

        func count(_ request: WorkerRequest) async -> WorkerResponse {
            guard let stream = request.bodyStream else {
                return .text(200, "bytes \(request.body.count) \(request.body.reduce(0) { $0 &+ Int($1) })")
            }
            var count = 0, sum = 0, chunks = 0
            do {
                while let chunk = try await stream.next() {
                    count += chunk.count
                    sum = chunk.reduce(sum) { $0 &+ Int($1) }
                    chunks += 1
                }
            } catch {
                return .text(413, "\(error)")
            }
            return .text(200, "stream \(count) \(sum) \(chunks > 1 ? "chunks" : "one")")
        }
    }

    static func chunkedRequest(port: Int, pieces: [[UInt8]]) -> [UInt8] {
        var bytes = Array("POST /up HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for piece in pieces { bytes += Array("\(String(piece.count, radix: 16))\r\n".utf8) + piece + Array("\r\n".utf8) }
        return bytes + Array("0\r\n\r\n".utf8)
    }

    @Test func largeAndChunkedBodiesStreamSmallOnesCome() async throws {
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await TestServer.with(handler: CountingHandler(), bodyLimit: 8 << 20) { port in
            let small = try await HTTPClient.send(port: port, method: "POST", path: "/", body: Array(repeating: 7, count: 1000))
            #expect(small.text == "bytes 1000 7000")
            let streamed = try await HTTPClient.send(port: port, method: "POST", path: "/", body: large)
            #expect(streamed.text == "stream \(large.count) \(large.reduce(0) { $0 &+ Int($1) }) chunks")
            let pieces = [[UInt8](repeating: 1, count: 300), [UInt8](repeating: 2, count: 200)]
            let chunked = try HTTPClient.parse(try await HTTPClient.rawBytes(port: port, bytes: Self.chunkedRequest(port: port, pieces: pieces)))
            #expect(chunked.text.hasPrefix("stream 500 700"))
        }
    }

    @Test func aChunkedBodyPastTheLimitFailsItsStream() async throws {
        try await TestServer.with(handler: CountingHandler(), bodyLimit: 1000) { port in
            let pieces = [[UInt8]](repeating: [UInt8](repeating: 9, count: 600), count: 3)
            let reply = try HTTPClient.parse(try await HTTPClient.rawBytes(port: port, bytes: Self.chunkedRequest(port: port, pieces: pieces)))
            #expect(reply.status == 413)
            #expect(reply.text.contains("exceeds the limit of 1000 bytes"))
            let declared = try await HTTPClient.send(port: port, method: "POST", path: "/", body: [UInt8](repeating: 1, count: 1001))
            #expect(declared.status == 413)
        }
    }

    /// Through a Worker: a streamed body echoes back whole, and once its response is sent a request's body
    /// can no longer be read (workerd's TypeError), instead of racing the server for the connection.
    @Test func aWorkerEchoesAStreamedBodyAndCannotReadItAfterResponding() async throws {
        let files = [
            "wrangler.toml": "name = \"echo\"\nmain = \"index.js\"\ncompatibility_date = \"2024-09-23\"\n",
            "index.js": """
                let kept = null;
                export default {
                  async fetch(request) {
                    const path = new URL(request.url).pathname;
                    if (path === "/echo") return new Response(request.body);
                    if (path === "/keep") { kept = request; return new Response("kept"); }
                    try { await kept.arrayBuffer(); return new Response("read"); }
                    catch (error) { return new Response(`${error.name}: ${error.message}`); }
                  },
                };
                """,
        ]
        let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 >> 7) }
        try await RuntimeHarness.with(files: files, persist: false) { h in
            let echoed = try await HTTPClient.send(port: h.port, method: "POST", path: "/echo", body: body)
            #expect(echoed.status == 200 && echoed.body == body)
            #expect(try await HTTPClient.send(port: h.port, method: "POST", path: "/keep", body: body).text == "kept")
            #expect(try await h.get("/late").text == "TypeError: Can't read from request stream after response has been sent.")
        }
    }
}
