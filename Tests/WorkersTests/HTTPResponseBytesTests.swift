import Foundation
import Testing
@testable import Workers

/// What the server's own response encoder puts on the wire, byte for byte.
@Suite struct HTTPResponseBytesTests {
    private func exchange(_ port: Int, _ request: String) async throws -> String {
        try await HTTPClient.raw(port: port, bytes: Array(request.utf8))
    }

    @Test func aBodyAtHandGoesOutWithItsHeadAndTheServersFraming() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            // The Worker's own Content-Length (999) is replaced by the length actually sent.
            let reply = try await exchange(port, "GET /one HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(reply == plainResponse("/one", connection: "close"))
        }
    }

    @Test func aStreamedBodyIsChunkedAndEndsWithTheLastChunk() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let reply = try await exchange(port, "GET /stream HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            // The empty part the Worker produced is not framed (a zero-size chunk would end the body early).
            #expect(reply == "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n"
                             + "connection: close\r\n\r\n4\r\none \r\n4\r\ntwo \r\n5\r\nthree\r\n0\r\n\r\n")
            let old = try await exchange(port, "GET /stream HTTP/1.0\r\n\r\n")
            #expect(old == "HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\none two three")
        }
    }

    @Test func headAndNoContentResponsesCarryNoBody() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let head = try await exchange(port, "HEAD /one HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(head == "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 4\r\nconnection: close\r\n\r\n")
            let headStream = try await exchange(port, "HEAD /stream HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(headStream == "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n"
                                  + "connection: close\r\n\r\n")
            let noContent = try await exchange(port, "GET /no-content HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(noContent == "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
        }
    }

    @Test func aHeaderThatWouldSplitTheResponseBecomesA500NamingIt() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let reply = try await HTTPClient.send(port: port, path: "/bad-header")
            #expect(reply.status == 500)
            #expect(reply.text.contains("\"x-split\""))
            #expect(reply.header("set-cookie") == nil)
        }
    }

    @Test func malformedRequestsGetNIOs400AndTheConnectionCloses() async throws {
        let badRequest = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        try await TestServer.with(handler: WireTestHandler()) { port in
            // `raw` reads until the server closes, so these return only once it has.
            for garbage in ["NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n"] {
                let reply = try await exchange(port, garbage)
                #expect(reply == badRequest, "\(garbage.debugDescription)")
            }
        }
    }
}
