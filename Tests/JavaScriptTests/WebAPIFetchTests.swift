import Foundation
import Testing
@testable import JavaScript

/// fetch() against a loopback server started by the test: methods, headers, bodies, statuses, redirects,
/// aborts, network errors, and oversized response headers.
@Suite("fetch")
struct WebAPIFetchTests {
    static func route(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        switch request.path {
        case "/echo", "/echo?x=1":
            let headers = Dictionary(request.headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, b in a + ", " + b })
            let json: [String: Any] = ["method": request.method, "path": request.path, "headers": headers,
                                       "body": String(decoding: request.body, as: UTF8.self)]
            let body = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            return .init(status: 200, headers: [("Content-Type", "application/json"), ("X-Multi", "a"), ("X-Multi", "b")], body: Array(body))
        case "/missing":
            return .init(status: 404, reason: "Not Found", body: Array("no such thing".utf8))
        case "/redirect":
            return .init(status: 302, reason: "Found", headers: [("Location", "/echo?x=1")])
        case "/see-other":
            return .init(status: 303, reason: "See Other", headers: [("Location", "/echo")])
        case "/loop":
            return .init(status: 301, reason: "Moved", headers: [("Location", "/loop")])
        case "/binary":
            return .init(status: 200, headers: [("Content-Type", "application/octet-stream")], body: (0...255).map { UInt8($0) })
        case "/huge-header":
            return .init(status: 200, headers: [("X-Huge", String(repeating: "h", count: 2 << 20))], body: [])
        case "/slow":
            Thread.sleep(forTimeInterval: 0.5)
            return .init(status: 200, body: Array("late".utf8))
        default:
            return .init(status: 500, reason: "Unexpected", body: Array("unexpected path \(request.path)".utf8))
        }
    }

    @Test func fetchAgainstLoopbackServer() async throws {
        let server = try LoopbackHTTPServer(handler: Self.route)
        defer { server.stop() }
        let prelude = "globalThis.BASE = 'http://127.0.0.1:\(server.port)';"
        let (ran, failures) = try await WebAPITestSupport.runJSFile("webapi-fetch", prelude: prelude)
        #expect(ran > 0)
        #expect(failures.isEmpty, "\(failures.count) of \(ran) failed:\n\(failures.joined(separator: "\n"))")
    }
}
