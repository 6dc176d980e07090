import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The HTTP front door: Hummingbird HTTP/1.1 on the configured address, each request handed to a
/// `WorkerRequestHandler`. Malformed HTTP gets 400 from Hummingbird's parser handling; oversized bodies
/// get 413 here, before the handler (and JS) sees them.
public struct WorkerHTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    public let handler: any WorkerRequestHandler

    public init(configuration: HTTPServerConfiguration, handler: any WorkerRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Serves until the surrounding task is cancelled. `onListening` receives the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = WorkerHTTPResponder(configuration: configuration, handler: handler)
        var logger = Logger(label: "kiln.http")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.run()
    }
}

/// Turns one Hummingbird request into a `WorkerRequest`, and the handler's answer into a Hummingbird response.
struct WorkerHTTPResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let configuration: HTTPServerConfiguration
    let handler: any WorkerRequestHandler

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let (response, requestBody) = await answer(request)
        let ms = (ContinuousClock.now - start) / .milliseconds(1)
        configuration.log("[kiln] \(request.method.rawValue) \(request.uri.description) \(response.status) "
                          + "\(HTTPReasonPhrase.of(response.status)) (\(Int(ms.rounded()))ms)")
        return await Self.convert(response, closing: requestBody)
    }

    /// The handler's answer, and the streamed request body it may still be reading.
    private func answer(_ request: Request) async -> (WorkerResponse, WorkerRequestBody?) {
        let limit = configuration.bodyLimit
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return (.text(413, "Request body of \(declared) bytes exceeds the limit of \(limit) bytes"), nil)
        }
        // HTTP/1 `Host` arrives as the request's authority; JS sees it as the `host` header again.
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        var workerRequest = WorkerRequest(
            method: request.method.rawValue,
            url: "http://\(host)\(request.uri.description)",
            headers: [("host", host)] + request.headers.map { ($0.name.canonicalName, $0.value) })
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if declared.map({ $0 > Self.collectedBodySize }) ?? (request.headers[.transferEncoding] != nil) {
            workerRequest.bodyStream = Self.stream(request.body, limit: limit)
        } else {
            do {
                workerRequest.body = Array(buffer: try await request.body.collect(upTo: limit))
            } catch is NIOTooManyBytesError {
                return (.text(413, "Request body exceeds the limit of \(limit) bytes"), nil)
            } catch {
                return (.text(400, "Could not read the request body: \(error)"), nil)
            }
        }
        return (await handler.handle(workerRequest), workerRequest.bodyStream)
    }

    /// Bodies up to this size arrive in JS whole; larger or chunked ones stream as the Worker reads them.
    static let collectedBodySize = 1 << 20

    /// Reads `body` chunk by chunk as the Worker pulls, holding it to `limit` bytes (a chunked upload has
    /// no Content-Length to refuse up front, so going over fails the stream the Worker reads).
    static func stream(_ body: RequestBody, limit: Int) -> WorkerRequestBody {
        let reader = RequestBodyReader(iterator: body.makeAsyncIterator())
        return WorkerRequestBody(next: {
            guard let buffer = try await reader.iterator.next() else { return nil }
            reader.received += buffer.readableBytes
            guard reader.received <= limit else {
                throw RequestBodyTooLarge(limit: limit)
            }
            return Array(buffer: buffer)
        })
    }

    /// The Hummingbird response; `requestBody` closes once it is sent, before the server reads the connection
    /// again (to drain the rest of the body or the next request).
    static func convert(_ response: WorkerResponse, closing requestBody: WorkerRequestBody? = nil) async -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let status = HTTPResponse.Status(code: response.status, reasonPhrase: HTTPReasonPhrase.of(response.status))
        switch response.body {
        case .bytes(let bytes):
            await requestBody?.close()
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .stream(let chunks):
            fields[.contentLength] = nil
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                do {
                    for try await chunk in chunks where !chunk.isEmpty {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                } catch {
                    await requestBody?.close()
                    throw error
                }
                await requestBody?.close()
            })
        }
    }
}

/// The network side of a streamed request body. Only one read is ever in flight (see `WorkerRequestBody`).
private final class RequestBodyReader: @unchecked Sendable {
    var iterator: RequestBody.AsyncIterator
    var received = 0
    init(iterator: RequestBody.AsyncIterator) { self.iterator = iterator }
}

struct RequestBodyTooLarge: Error, CustomStringConvertible {
    let limit: Int
    var description: String { "Request body exceeds the limit of \(limit) bytes" }
}
