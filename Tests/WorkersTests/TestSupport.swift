import Foundation
@testable import Workers

/// Collects log lines from a server under test.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

/// Runs a `WorkerHTTPServer` on an ephemeral loopback port for the duration of `body`.
enum TestServer {
    static func with<T>(handler: any WorkerRequestHandler, bodyLimit: Int = HTTPServerConfiguration.defaultBodyLimit,
                        log: LogLines = LogLines(), _ body: (Int) async throws -> T) async throws -> T {
        let config = HTTPServerConfiguration(host: "127.0.0.1", port: 0, bodyLimit: bodyLimit, log: { log.append($0) })
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let server = Task {
            try await WorkerHTTPServer(configuration: config, handler: handler).run { port in
                portSink.yield(port)
            }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return try await body(port)
    }
}

/// A minimal HTTP/1.1 client over a blocking socket, so tests exercise the real wire format.
enum HTTPClient {
    struct Reply {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
    }

    static func send(port: Int, method: String = "GET", path: String, headers: [(String, String)] = [],
                     body: [UInt8] = []) async throws -> Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let raw = try await rawBytes(port: port, bytes: Array(head.utf8) + body)
        return try parse(raw)
    }

    static func raw(port: Int, bytes: [UInt8]) async throws -> String {
        String(decoding: try await rawBytes(port: port, bytes: bytes), as: UTF8.self)
    }

    struct ClientError: Error, CustomStringConvertible { let description: String }

    /// Writes `bytes` and reads until the server closes the connection (on a detached thread: it blocks).
    static func rawBytes(port: Int, bytes: [UInt8]) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, bytes: bytes) })
            }
        }
    }

    private static func blockingExchange(port: Int, bytes: [UInt8]) throws -> [UInt8] {
        // Generous: under a loaded full-suite run, a request queued behind 100 serialized Durable Object
        // writes (each an fsync'd SQLite commit) can legitimately wait tens of seconds.
        let fd = try connectLoopback(port: port, replyTimeoutSeconds: replyTimeoutSeconds)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }  // the server may answer (413) and close before reading everything
            sent += n
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return reply }  // the server closed the connection: the reply is complete
            if n > 0 { reply.append(contentsOf: buffer[..<n]); continue }
            let code = errno
            if code == EINTR { continue }
            // A timeout or reset is not an (empty) reply: say what happened and what had arrived.
            let what = code == EAGAIN || code == EWOULDBLOCK
                ? "no reply within \(replyTimeoutSeconds) s" : "read failed: \(String(cString: strerror(code)))"
            throw ClientError(description: "\(what) on port \(port) after \(reply.count) reply bytes: "
                                           + String(decoding: reply.prefix(200), as: UTF8.self))
        }
    }

    static let replyTimeoutSeconds = 120

    /// A blocking TCP socket connected to 127.0.0.1:`port`, whose reads give up after the timeout.
    static func connectLoopback(port: Int, replyTimeoutSeconds: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(tv_sec: replyTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ClientError(description: "connect to port \(port) failed")
        }
        return fd
    }

    static func parse(_ raw: [UInt8]) throws -> Reply {
        guard let split = raw.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw ClientError(description: "no HTTP head in reply: \(String(decoding: raw, as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw ClientError(description: "bad status line \(lines[0])")
        }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(raw[split.upperBound...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }) {
            body = dechunk(body)
        }
        return Reply(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < data.count, let lineEnd = data[i...].firstRange(of: Array("\r\n".utf8)) {
            let sizeText = String(decoding: data[i..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            out.append(contentsOf: data[start..<min(start + size, data.count)])
            i = start + size + 2
        }
        return out
    }
}
