import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for fetch() tests: one thread per connection, `Connection: close`
/// after every response. Routes are closures from (method, path, headers, body); a route can stream its
/// body in chunks and see when the client goes away (to test streaming and cancellation).
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]
        let connection: LoopbackConnection
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }
    struct Response {
        var status: Int
        var reason: String = "OK"
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// When set, the body is sent with chunked transfer encoding by this closure instead of `body`.
        var stream: ((LoopbackConnection) -> Void)? = nil
    }

    let port: Int
    private let listener: Int32
    private let handler: (Request) -> Response

    init(handler: @escaping (Request) -> Response) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Closing the listening socket makes accept() fail, which ends the serving thread.
    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            Thread { [self] in
                if let request = readRequest(connection) { write(handler(request), to: connection) }
                close(connection)
            }.start()
        }
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            data += chunk[0..<n]
            if data.count >= 4 {
                headerEnd = (0...(data.count - 4)).first { Array(data[$0..<($0 + 4)]) == terminator }
            }
        }
        let head = String(decoding: data[0..<headerEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(data[(headerEnd! + 4)...])
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while body.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            body += chunk[0..<n]
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body,
                       connection: LoopbackConnection(fd: fd))
    }

    private func write(_ response: Response, to fd: Int32) {
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let connection = LoopbackConnection(fd: fd)
        if let stream = response.stream {
            head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            guard connection.send(Array(head.utf8)) == .sent else { return }
            stream(connection)
            return
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        _ = connection.send(Array(head.utf8) + response.body)
    }
}

/// The server's side of one connection, for routes that stream or wait for the client to leave.
struct LoopbackConnection {
    enum Outcome { case sent, stalled, closed }
    let fd: Int32

    /// Sends all of `bytes`; `.stalled` when the client has made no room for them within a second (it is not
    /// reading), `.closed` when it has gone away.
    func send(_ bytes: [UInt8]) -> Outcome {
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        let deadline = Date().addingTimeInterval(10)
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Stalled before anything went out: report it. Part-way through: finish the bytes (a client
                // that stops for good still closes, or the deadline ends it), so chunk framing stays whole.
                if sent == 0 { return .stalled }
                if Date() > deadline { return .closed }
                continue
            }
            if n <= 0 { return .closed }
            sent += n
        }
        return .sent
    }

    /// Sends one chunk of a chunked body (an empty one ends it).
    func sendChunk(_ bytes: [UInt8]) -> Outcome {
        send(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10])
    }

    /// Whether the client closed the connection within `timeout` seconds (the request was read, so the
    /// next thing the socket reports is the close).
    func waitForClose(timeout: Double) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(timeout * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }
}
