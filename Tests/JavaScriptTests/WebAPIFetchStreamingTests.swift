import Foundation
import Testing
@testable import JavaScript

/// fetch() response bodies stream as they arrive, hold back when not read, and aborting or cancelling them
/// cancels the HTTP request (the loopback server sees its connection closed).
@Suite("fetch streaming")
struct WebAPIFetchStreamingTests {
    /// Routes that stream, and the state they share across requests of one test.
    final class Routes: @unchecked Sendable {
        let released = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        /// Signalled when a named stream's client leaves ("endless", "hold", "flood") or a request arrives ("arrived hold").
        private var signals: [String: DispatchSemaphore] = [:]
        private var floodBytes = 0

        func namedSignal(_ name: String) -> DispatchSemaphore {
            lock.withLock {
                if let signal = signals[name] { return signal }
                let signal = DispatchSemaphore(value: 0)
                signals[name] = signal
                return signal
            }
        }

        func route(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
            let text = [("Content-Type", "text/plain")]
            switch request.path {
            case "/gated":  // "first" now, "second" once /release was requested
                return .init(status: 200, headers: text, stream: { connection in
                    guard connection.sendChunk(Array("first|".utf8)) == .sent else { return }
                    _ = self.released.wait(timeout: .now() + 30)
                    _ = connection.sendChunk(Array("second".utf8))
                    _ = connection.sendChunk([])
                })
            case "/release":
                released.signal()
                return .init(status: 200, headers: text, body: Array("released".utf8))
            case "/endless":  // 1 KiB every 5 ms until the client leaves (at most 10 s)
                return .init(status: 200, headers: text, stream: { connection in
                    let deadline = Date().addingTimeInterval(10)
                    while Date() < deadline {
                        if connection.sendChunk([UInt8](repeating: 0x61, count: 1024)) == .closed {
                            self.namedSignal("endless").signal()
                            return
                        }
                        Thread.sleep(forTimeInterval: 0.005)
                    }
                })
            case "/hold":  // no response at all; notes its arrival, and when the client gives up
                namedSignal("arrived hold").signal()
                if request.connection.waitForClose(timeout: 10) { namedSignal("hold").signal() }
                return .init(status: 200, headers: text)
            case "/flood":  // 64 MiB as fast as the client takes it
                return .init(status: 200, headers: [("Content-Type", "application/octet-stream")], stream: { connection in
                    let chunk = [UInt8](repeating: 0x62, count: 64 << 10)
                    let deadline = Date().addingTimeInterval(10)
                    while Date() < deadline, self.lock.withLock({ self.floodBytes }) < 64 << 20 {
                        switch connection.sendChunk(chunk) {
                        case .sent: self.lock.withLock { self.floodBytes += chunk.count }
                        case .stalled: continue
                        case .closed:
                            self.namedSignal("flood").signal()
                            return
                        }
                    }
                })
            case "/flood-sent":
                return .init(status: 200, headers: text, body: Array(String(lock.withLock { floodBytes }).utf8))
            case let path where path.hasPrefix("/closed?"):  // waits up to 5 s for the named stream to close
                let name = String(path.dropFirst("/closed?".count))
                let signal = namedSignal(name)
                let closed = signal.wait(timeout: .now() + 5) == .success
                if closed { signal.signal() }
                return .init(status: 200, headers: text, body: Array((closed ? "closed" : "open").utf8))
            case let path where path.hasPrefix("/arrived?"):  // waits up to 15 s for the named request to reach its route
                let signal = namedSignal("arrived " + path.dropFirst("/arrived?".count))
                let arrived = signal.wait(timeout: .now() + 15) == .success
                if arrived { signal.signal() }
                return .init(status: 200, headers: text, body: Array((arrived ? "arrived" : "missing").utf8))
            default:
                return .init(status: 404, reason: "Not Found", headers: text, body: Array("no route \(request.path)".utf8))
            }
        }
    }

    @Test func streamingAndCancellation() async throws {
        let routes = Routes()
        let server = try LoopbackHTTPServer(handler: routes.route)
        defer { server.stop() }
        let prelude = "globalThis.BASE = 'http://127.0.0.1:\(server.port)';"
        let (ran, failures) = try await WebAPITestSupport.runJSFile("webapi-fetch-streaming", prelude: prelude)
        #expect(ran > 0)
        #expect(failures.isEmpty, "\(failures.count) of \(ran) failed:\n\(failures.joined(separator: "\n"))")
    }
}
