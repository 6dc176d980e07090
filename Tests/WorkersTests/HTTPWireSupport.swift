import Foundation
@testable import Workers

/// A stand-in Worker for the server's wire-format tests: the path picks the answer.
struct WireTestHandler: WorkerRequestHandler {
    /// Records the order in which requests reach the handler and answers leave it.
    let events = LogLines()

    func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void) {
        let path = request.pathAndQuery
        events.append("handle \(path)")
        switch path {
        case "/slow":
            // Answered later, from another thread, as an isolate would.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(150)) {
                events.append("answer \(path)")
                reply(WorkerResponse(status: 200, headers: [("content-type", "text/plain")], body: .bytes(Array("slow".utf8))))
            }
        case "/stream":
            let (stream, continuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
            Task {
                for part in ["one ", "two ", "", "three"] {
                    continuation.yield(Array(part.utf8))
                    try? await Task.sleep(for: .milliseconds(5))
                }
                continuation.finish()
            }
            reply(WorkerResponse(status: 200, headers: [("content-type", "text/plain")], body: .stream(stream)))
        case "/upload":
            // Reads a streamed (chunked) body to its end and answers with its length.
            Task {
                do {
                    var count = 0
                    while let chunk = try await request.bodyStream?.next() { count += chunk.count }
                    reply(WorkerResponse(status: 200, headers: [("content-type", "text/plain")], body: .bytes(Array("\(count)".utf8))))
                } catch {
                    reply(.text(500, "\(error)"))
                }
            }
        case "/bad-header":
            reply(WorkerResponse(status: 200, headers: [("x-split", "a\r\nset-cookie: evil=1")], body: .bytes([65])))
        case "/no-content":
            // A body on a 204 must not reach the wire; nor may the Worker's own framing headers.
            reply(WorkerResponse(status: 204, headers: [("content-length", "1")], body: .bytes([65])))
        default:
            reply(WorkerResponse(status: 200, headers: [("content-type", "text/plain"), ("Content-Length", "999")],
                                 body: .bytes(Array(path.utf8))))
        }
    }
}

/// The exact bytes `WireTestHandler` answers a plain path with (its body is the path).
func plainResponse(_ path: String, version: String = "HTTP/1.1", connection: String? = nil) -> String {
    "\(version) 200 OK\r\ncontent-type: text/plain\r\ncontent-length: \(path.utf8.count)\r\n"
        + (connection.map { "connection: \($0)\r\n" } ?? "") + "\r\n" + path
}

/// One client connection kept open across requests (keep-alive), over a blocking socket (one thread at a time).
final class KeepAliveConnection: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = try HTTPClient.connectLoopback(port: port, replyTimeoutSeconds: 30)
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return }
            sent += n
        }
    }

    /// Reads one response framed by `content-length` (its head and body, as text); nil when the server closed
    /// the connection first.
    func readResponse() throws -> String? {
        var received: [UInt8] = []
        var headEnd: Int?
        var length = 0
        while headEnd.map({ received.count < $0 + length }) ?? true {
            guard let byte = try readByte() else { return nil }
            received.append(byte)
            if headEnd == nil, received.count >= 4, received.suffix(4).elementsEqual("\r\n\r\n".utf8) {
                headEnd = received.count
                let head = String(decoding: received, as: UTF8.self).lowercased()
                if let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// True when the server has closed the connection (a read returns end of file).
    func isClosedByServer() throws -> Bool { try readByte() == nil }

    private func readByte() throws -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == 1 { return byte }
            if n == 0 { return nil }
            if errno == EINTR { continue }
            throw HTTPClient.ClientError(description: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Runs blocking socket work on its own thread, so it never holds one of the few threads Swift's tasks share.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
