import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection: collects a request (holding its body to the limit), hands it to the
/// `WorkerRequestHandler` from the event loop, and writes the answer when the handler replies — from
/// whichever thread that is, by one `execute` onto this connection's loop. Pipelined requests are queued by
/// NIO's `HTTPServerPipelineHandler` ahead of this one, so there is at most one request in flight here.
final class WorkerHTTPChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(HTTPRequestHead, ByteBuffer?)
        /// The body went over the limit: 413 is on its way, the rest of the request is dropped, and the
        /// connection closes (the client may still be sending).
        case discarding
        case answering
    }

    private let configuration: HTTPServerConfiguration
    private let handler: any WorkerRequestHandler
    private var state = State.idle

    init(configuration: HTTPServerConfiguration, handler: any WorkerRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let limit = configuration.bodyLimit
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let declared = head.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
                reject(context, head, "Request body of \(declared) bytes exceeds the limit of \(limit) bytes")
            } else {
                state = .receiving(head, nil)
            }
        case .body(var chunk):
            guard case .receiving(let head, var body) = state else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > limit {
                reject(context, head, "Request body exceeds the limit of \(limit) bytes")
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            state = .receiving(head, body)
        case .end:
            switch state {
            case .receiving(let head, let body):
                state = .answering
                dispatch(context, head, body)
            case .discarding, .idle, .answering:
                break
            }
        }
    }

    /// Malformed HTTP: NIO's error handler has answered 400; the connection cannot be trusted after it.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func reject(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ text: String) {
        state = .discarding
        write(.text(413, text), to: head, context, started: ContinuousClock.now, keepAlive: false)
    }

    private func dispatch(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: ByteBuffer?) {
        let host = head.headers.first(name: "host") ?? "\(configuration.host):\(configuration.port)"
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count + 1)
        if !head.headers.contains(name: "host") { headers.append(("host", host)) }
        for (name, value) in head.headers { headers.append((name.lowercased(), value)) }
        let request = WorkerRequest(method: head.method.rawValue, url: "http://\(host)\(head.uri)", headers: headers,
                                    body: body.map { Array(buffer: $0) } ?? [])
        let started = ContinuousClock.now
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        handler.handle(request) { response in
            if loop.inEventLoop {
                let (handler, context) = bound.value
                handler.answer(response, to: head, context, started: started)
            } else {
                loop.execute {
                    let (handler, context) = bound.value
                    handler.answer(response, to: head, context, started: started)
                }
            }
        }
    }

    private func answer(_ response: WorkerResponse, to head: HTTPRequestHead, _ context: ChannelHandlerContext,
                        started: ContinuousClock.Instant) {
        guard case .answering = state else { return }
        write(response, to: head, context, started: started, keepAlive: head.isKeepAlive)
    }

    /// Writes the response; a complete body goes out with the head in one flush, a stream chunk by chunk.
    private func write(_ response: WorkerResponse, to request: HTTPRequestHead, _ context: ChannelHandlerContext,
                       started: ContinuousClock.Instant, keepAlive: Bool) {
        log(request, response.status, started)
        var keepAlive = keepAlive
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 2)
        for (name, value) in response.headers where !Self.isFramingHeader(name) { headers.add(name: name, value: value) }
        let http10 = request.version.major == 1 && request.version.minor == 0
        switch response.body {
        case .bytes(let bytes):
            headers.add(name: "content-length", value: String(bytes.count))
            setConnection(&headers, keepAlive: keepAlive, http10: http10)
            context.write(wrapOutboundOut(.head(head(response.status, headers, request.version))), promise: nil)
            if !bytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            }
            finish(context, keepAlive: keepAlive)
        case .stream(let chunks):
            // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
            if http10 { keepAlive = false }
            setConnection(&headers, keepAlive: keepAlive, http10: http10)
            context.writeAndFlush(wrapOutboundOut(.head(head(response.status, headers, request.version))), promise: nil)
            stream(chunks, context, keepAlive: keepAlive)
        }
    }

    /// Sends the chunks as they arrive, each after the previous one is written (the socket sets the pace).
    /// A stream that breaks cuts the connection, so the client sees a truncated body rather than a whole one.
    private func stream(_ chunks: AsyncThrowingStream<[UInt8], Error>, _ context: ChannelHandlerContext, keepAlive: Bool) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            do {
                for try await chunk in chunks where !chunk.isEmpty {
                    try await loop.flatSubmit {
                        let (handler, context) = bound.value
                        let buffer = context.channel.allocator.buffer(bytes: chunk)
                        return context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(buffer))))
                    }.get()
                }
                loop.execute {
                    let (handler, context) = bound.value
                    handler.finish(context, keepAlive: keepAlive)
                }
            } catch {
                loop.execute { bound.value.1.close(promise: nil) }
            }
        }
    }

    private func finish(_ context: ChannelHandlerContext, keepAlive: Bool) {
        if case .answering = state { state = .idle }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func head(_ status: Int, _ headers: HTTPHeaders, _ version: HTTPVersion) -> HTTPResponseHead {
        HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status,
                                                                      reasonPhrase: HTTPReasonPhrase.of(status)),
                         headers: headers)
    }

    private func setConnection(_ headers: inout HTTPHeaders, keepAlive: Bool, http10: Bool) {
        if http10, keepAlive { headers.add(name: "connection", value: "keep-alive") }
        if !http10, !keepAlive { headers.add(name: "connection", value: "close") }
    }

    private func log(_ request: HTTPRequestHead, _ status: Int, _ started: ContinuousClock.Instant) {
        guard let log = configuration.log else { return }
        let ms = (ContinuousClock.now - started) / .milliseconds(1)
        log("[kiln] \(request.method.rawValue) \(request.uri) \(status) \(HTTPReasonPhrase.of(status)) (\(Int(ms.rounded()))ms)")
    }

    /// Headers the server sets from the body it actually sends; a Worker's own values would misframe it.
    private static func isFramingHeader(_ name: String) -> Bool {
        switch name.lowercased() {
        case "content-length", "transfer-encoding", "connection", "keep-alive": return true
        default: return false
        }
    }
}
