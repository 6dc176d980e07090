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
        let response = await answer(request)
        let ms = (ContinuousClock.now - start) / .milliseconds(1)
        configuration.log("[kiln] \(request.method.rawValue) \(request.uri.description) \(response.status) "
                          + "\(HTTPReasonPhrase.of(response.status)) (\(Int(ms.rounded()))ms)")
        return Self.convert(response)
    }

    private func answer(_ request: Request) async -> WorkerResponse {
        let limit = configuration.bodyLimit
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return .text(413, "Request body of \(declared) bytes exceeds the limit of \(limit) bytes")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .text(413, "Request body exceeds the limit of \(limit) bytes")
        } catch {
            return .text(400, "Could not read the request body: \(error)")
        }
        // HTTP/1 `Host` arrives as the request's authority; JS sees it as the `host` header again.
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        let workerRequest = WorkerRequest(
            method: request.method.rawValue,
            url: "http://\(host)\(request.uri.description)",
            headers: [("host", host)] + request.headers.map { ($0.name.canonicalName, $0.value) },
            body: Array(buffer: body))
        return await handler.handle(workerRequest)
    }

    static func convert(_ response: WorkerResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let status = HTTPResponse.Status(code: response.status, reasonPhrase: HTTPReasonPhrase.of(response.status))
        switch response.body {
        case .bytes(let bytes):
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .stream(let chunks):
            fields[.contentLength] = nil
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                for try await chunk in chunks where !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
        }
    }
}
