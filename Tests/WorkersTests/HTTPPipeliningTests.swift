import Foundation
import Testing
@testable import Workers

/// Several requests on one connection: pipelined in one write, or one after another (keep-alive).
@Suite struct HTTPPipeliningTests {
    @Test func pipelinedRequestsInOneWriteAreAnsweredInOrder() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let reply = try await HTTPClient.raw(port: port, bytes: Array((
                "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").utf8))
            #expect(reply == plainResponse("/one") + plainResponse("/two") + plainResponse("/three", connection: "close"))
        }
    }

    @Test func aRequestBehindASlowOneWaitsForItsAnswer() async throws {
        let handler = WireTestHandler()
        try await TestServer.with(handler: handler) { port in
            let reply = try await HTTPClient.raw(port: port, bytes: Array((
                "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").utf8))
            #expect(reply == plainResponse("slow") + plainResponse("/fast", connection: "close"))
        }
        // The second request reaches the Worker only once the first is answered.
        #expect(handler.events.all == ["handle /slow", "answer /slow", "handle /fast"])
    }

    @Test func morePipelinedRequestsThanTheQueueHoldsAreAllAnsweredInOrder() async throws {
        let count = 200
        try await TestServer.with(handler: WireTestHandler()) { port in
            var requests = "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
            for i in 1..<count { requests += "GET /r\(i) HTTP/1.1\r\nHost: a\r\n\r\n" }
            requests += "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            let reply = try await HTTPClient.raw(port: port, bytes: Array(requests.utf8))
            var expected = plainResponse("slow")
            for i in 1..<count { expected += plainResponse("/r\(i)") }
            expected += plainResponse("/last", connection: "close")
            #expect(reply == expected)
        }
    }

    @Test func aStreamedUploadQueuedBehindASlowRequestStillReachesTheWorker() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let reply = try await HTTPClient.raw(port: port, bytes: Array((
                "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                + "GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").utf8))
            #expect(reply == plainResponse("slow") + plainResponse("11") + plainResponse("/after", connection: "close"))
        }
    }

    @Test func malformedBytesBehindARequestAreAnswered400AfterIt() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let reply = try await HTTPClient.raw(port: port, bytes: Array((
                "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n" + "NOT HTTP AT ALL\r\n\r\n").utf8))
            #expect(reply == plainResponse("slow") + "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        }
    }

    @Test func aKeepAliveConnectionTakesRequestsOneAfterAnother() async throws {
        try await TestServer.with(handler: WireTestHandler()) { port in
            let replies = try await onOwnThread { () -> [String?] in
                let connection = try KeepAliveConnection(port: port)
                var replies: [String?] = []
                for path in ["/a", "/b"] {
                    connection.send("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n")
                    replies.append(try connection.readResponse())
                }
                // HTTP/1.0 stays open only when asked to, and says so.
                connection.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                replies.append(try connection.readResponse())
                connection.send("GET /d HTTP/1.0\r\n\r\n")
                replies.append(try connection.readResponse())
                replies.append(try connection.isClosedByServer() ? "closed" : "open")
                return replies
            }
            #expect(replies == [plainResponse("/a"), plainResponse("/b"),
                                plainResponse("/c", version: "HTTP/1.0", connection: "keep-alive"),
                                plainResponse("/d", version: "HTTP/1.0"), "closed"])
        }
    }

    @Test func stoppingTheServerClosesItsKeepAliveConnections() async throws {
        let config = HTTPServerConfiguration(host: "127.0.0.1", port: 0, log: nil)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let server = Task { try await WorkerHTTPServer(configuration: config, handler: WireTestHandler()).run { portSink.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let connection = try await onOwnThread { try KeepAliveConnection(port: port) }
        let reply = try await onOwnThread { () -> String? in
            connection.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n")
            return try connection.readResponse()
        }
        #expect(reply == plainResponse("/a"))
        server.cancel()
        // The idle keep-alive connection ends with the server (a read would otherwise wait 30 s and throw).
        #expect(try await onOwnThread { try connection.isClosedByServer() })
    }
}
