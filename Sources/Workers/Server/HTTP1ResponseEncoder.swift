import NIOCore
import NIOHTTP1

/// The bytes of an HTTP/1.x response, written straight into a `ByteBuffer`: a response whose body is known
/// becomes one buffer (head and body), so it leaves in one write and one system call instead of passing
/// head, body and end one by one through an encoder and the handlers around it.
enum HTTP1ResponseEncoder {
    /// How the body after the head is delimited.
    enum Framing {
        /// `content-length` (a body at hand; also what a HEAD response announces).
        case contentLength(Int)
        /// `transfer-encoding: chunked` (a streamed body to HTTP/1.1).
        case chunked
        /// No framing header: the body ends with the connection (HTTP/1.0 stream), or there is none
        /// (1xx, 204, 304).
        case none
    }

    /// What the `connection` header says, when the version's default does not hold.
    enum Connection {
        case keepAlive
        case close
    }

    /// NIO's `HTTPServerProtocolErrorHandler` answered malformed requests with exactly these bytes; kept so
    /// clients see the same 400.
    static let badRequest: StaticString = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    /// The end of a chunked body (no trailers).
    static let lastChunk: StaticString = "0\r\n\r\n"

    /// 1xx, 204 and 304 responses never carry a body, whatever the Worker put in it (RFC 9112 §6.3).
    static func statusAllowsBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    /// Writes the status line and headers (but the framing ones), then the framing and connection headers the
    /// server decides, and the blank line. Throws before writing anything when a header could not be sent as it is (a name that
    /// is not a token, a control character in a value): written raw, it would split the response.
    static func writeHead(status: Int, headers: [(name: String, value: String)], version: HTTPVersion,
                          framing: Framing, connection: Connection?, into buffer: inout ByteBuffer) throws {
        for (name, value) in headers {
            guard isToken(name), isFieldValue(value) else { throw InvalidResponseHeader(name: name) }
        }
        writeStatusLine(status, version, into: &buffer)
        for (name, value) in headers where !isFramingHeader(name) {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        switch framing {
        case .contentLength(let length):
            buffer.writeStaticString("content-length: ")
            buffer.writeString(String(length))
            buffer.writeStaticString("\r\n")
        case .chunked:
            buffer.writeStaticString("transfer-encoding: chunked\r\n")
        case .none:
            break
        }
        switch connection {
        case .keepAlive?: buffer.writeStaticString("connection: keep-alive\r\n")
        case .close?: buffer.writeStaticString("connection: close\r\n")
        case nil: break
        }
        buffer.writeStaticString("\r\n")
    }

    /// One chunk of a chunked body: size in hex, the bytes, CRLF. Empty chunks are never framed (a zero size
    /// would end the body).
    static func writeChunk(_ bytes: [UInt8], into buffer: inout ByteBuffer) {
        precondition(!bytes.isEmpty, "an empty chunk would end a chunked body")
        buffer.writeString(String(bytes.count, radix: 16))
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(bytes)
        buffer.writeStaticString("\r\n")
    }

    private static func writeStatusLine(_ status: Int, _ version: HTTPVersion, into buffer: inout ByteBuffer) {
        switch (version.major, version.minor) {
        case (1, 1): buffer.writeStaticString("HTTP/1.1 ")
        case (1, 0): buffer.writeStaticString("HTTP/1.0 ")
        default: buffer.writeString("HTTP/\(version.major).\(version.minor) ")
        }
        buffer.writeString(String(status))
        buffer.writeStaticString(" ")
        buffer.writeString(HTTPReasonPhrase.of(status))
        buffer.writeStaticString("\r\n")
    }

    /// Headers the server sets from the body it actually sends; a Worker's own values would misframe it.
    /// (The lengths are checked first so most names are told apart without lowercasing them.)
    private static func isFramingHeader(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: return ["connection", "keep-alive"].contains(name.lowercased())
        case 14: return name.lowercased() == "content-length"
        case 17: return name.lowercased() == "transfer-encoding"
        default: return false
        }
    }

    /// RFC 9110 `token` (header names).
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// RFC 9110 `field-value` as NIO's outbound validation checked it: no control characters but HTAB.
    private static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
    }
}

/// A Worker's response header that cannot go on the wire as it is; the client gets a 500 naming it instead.
struct InvalidResponseHeader: Error, CustomStringConvertible {
    let name: String
    var description: String { "The response has a header that cannot be sent over HTTP/1.1: \(name.debugDescription)" }
}
