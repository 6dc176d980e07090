import Foundation
import Testing
@testable import Workers

/// `ctx.passThroughOnException()`: a handler that throws afterwards hands the request to the origin
/// (`--upstream`); with no origin the error is answered, and a failing origin gives an empty 500.
@Suite struct PassThroughTests {
    static let toml = """
        name = "passthrough"
        main = "index.js"
        compatibility_date = "2024-09-23"
        """

    static let js = """
        export default {
          async fetch(request, env, ctx) {
            const path = new URL(request.url).pathname;
            if (path === "/boom") { ctx.passThroughOnException(); await request.text(); throw new Error("boom"); }
            if (path === "/plain") throw new Error("no pass-through asked for");
            return new Response("worker");
          },
        };
        """

    /// The origin: says what reached it.
    struct Origin: WorkerRequestHandler {
        func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void) {
            let text = "origin: \(request.method) \(request.pathAndQuery) \(String(decoding: request.body, as: UTF8.self))"
            reply(WorkerResponse(status: 203, headers: [("x-origin", "yes")], body: .bytes(Array(text.utf8))))
        }
    }

    @Test func throwingAfterPassThroughReachesTheOrigin() async throws {
        try await TestServer.with(handler: Origin()) { originPort in
            try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js],
                                          upstream: "http://127.0.0.1:\(originPort)") { h in
                let passed = try await HTTPClient.send(port: h.port, method: "POST", path: "/boom?x=1", body: Array("payload".utf8))
                #expect(passed.status == 203)
                #expect(passed.header("x-origin") == "yes")
                // The Worker read the body before throwing; Kiln holds the whole body, so the origin gets it too.
                #expect(passed.text == "origin: POST /boom?x=1 payload")
                let plain = try await h.get("/plain")
                #expect(plain.status == 500)
                #expect(plain.text.contains("no pass-through asked for"))
                #expect(try await h.get("/").text == "worker")
            }
        }
    }

    @Test func withoutAnOriginTheErrorIsAnsweredAndADeadOriginGivesAnEmpty500() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            let reply = try await h.get("/boom")
            #expect(reply.status == 500)
            #expect(reply.text.contains("Error: boom"))
            #expect(h.logs.all.contains { $0.contains("no origin to pass the request to") })
        }
        // An origin that hangs up on every connection (a refused port would make fetch retry for 30 s).
        let origin = try HangingUpListener()
        defer { origin.stop() }
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js],
                                      upstream: "http://127.0.0.1:\(origin.port)") { h in
            let reply = try await h.get("/boom")
            #expect(reply.status == 500)
            #expect(reply.body.isEmpty)
            #expect(h.logs.all.contains { $0.contains("the origin failed") })
        }
    }
}

/// A loopback listener that accepts connections and closes them at once, on a thread of its own.
final class HangingUpListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard bound else { close(fd); throw HTTPClient.ClientError(description: "could not listen on loopback") }
        port = Int(UInt16(bigEndian: addr.sin_port))
        self.fd = fd
        Thread.detachNewThread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }  // the listener was shut down
                close(client)
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
