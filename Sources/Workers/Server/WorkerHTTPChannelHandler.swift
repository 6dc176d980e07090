import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection: collects a request (holding its body to the limit), hands it to the
/// `WorkerRequestHandler` from the event loop, and writes the answer when the handler replies — from
/// whichever thread that is, by one `execute` onto this connection's loop. Pipelined requests are queued by
/// NIO's `HTTPServerPipelineHandler` ahead of this one, so there is at most one request in flight here.
/// A large (Content-Length over `collectedBodySize`) or chunked body is not collected: the request goes to
/// the handler at once with a `StreamedUpload` that the socket is read into only as fast as the Worker reads
/// it (reads are held back here while it is behind). A streamed response is written while the socket takes
/// it, so the Worker's `ChunkChannel` fills and the Worker waits when the client is slow.
final class WorkerHTTPChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(HTTPRequestHead, ByteBuffer?)
        /// The body went over the limit: 413 is on its way, the rest of the request is dropped, and the
        /// connection closes (the client may still be sending).
        case discarding
        /// The handler has the request (and reads it through `upload` when its body streams).
        case answering
        /// The response is out before the streamed body ended: the rest is read and dropped, then the
        /// connection takes the next request.
        case draining
    }

    /// Bodies up to this size arrive in JS whole; larger or chunked ones stream as the Worker reads them.
    static let collectedBodySize = 1 << 20

    private let configuration: HTTPServerConfiguration
    private let handler: any WorkerRequestHandler
    private var state = State.idle
    /// The body of the request in hand, when it streams.
    private var upload: StreamedUpload?
    /// NIO asked to read while the upload was paused; the read happens when the Worker catches up.
    private var readPending = false
    /// A streamed response waits here for the socket to drain.
    private var writable: EventLoopPromise<Void>?
    /// The response said `connection: close` before its streamed body ended: the rest is read first, so the
    /// client (still sending) sees the response rather than a reset.
    private var closeWhenDrained = false

    init(configuration: HTTPServerConfiguration, handler: any WorkerRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let limit = configuration.bodyLimit
        switch unwrapInboundIn(data) {
        case .head(let head):
            let declared = head.headers.first(name: "content-length").flatMap(Int.init)
            if let declared, declared > limit {
                reject(context, head, "Request body of \(declared) bytes exceeds the limit of \(limit) bytes")
            } else if declared.map({ $0 > Self.collectedBodySize }) ?? head.headers.contains(name: "transfer-encoding") {
                state = .answering
                stream(head, context)
            } else {
                state = .receiving(head, nil)
            }
        case .body(var chunk):
            if case .answering = state {
                upload?.append(chunk)
                return
            }
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
                dispatch(context, head, body.map { Array(buffer: $0) } ?? [])
            case .answering:
                upload?.end()
            case .draining:
                state = .idle
                upload = nil
                if closeWhenDrained { context.close(promise: nil) }
            case .discarding, .idle:
                break
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upload?.flush()
        context.fireChannelReadComplete()
    }

    /// Holds reads back while a streamed body's Worker is behind.
    func read(context: ChannelHandlerContext) {
        if upload?.isPaused == true {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let writable {
            self.writable = nil
            writable.succeed()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        upload?.fail(ConnectionClosedMidBody())
        writable?.fail(ChannelError.ioOnClosedChannel)
        writable = nil
        context.fireChannelInactive()
    }

    /// Hands the request to the handler now, its body to follow through a `StreamedUpload`.
    private func stream(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let upload = StreamedUpload(limit: configuration.bodyLimit, loop: context.eventLoop) {
            let (handler, context) = bound.value
            handler.resumeReading(context)
        }
        self.upload = upload
        dispatch(context, head, [], bodyStream: upload.body)
    }

    private func resumeReading(_ context: ChannelHandlerContext) {
        guard readPending, upload?.isPaused != true else { return }
        readPending = false
        context.read()
    }

    /// Malformed HTTP: NIO's error handler has answered 400; the connection cannot be trusted after it.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func reject(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ text: String) {
        state = .discarding
        write(.text(413, text), to: head, context, started: ContinuousClock.now, keepAlive: false)
    }

    private func dispatch(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: [UInt8],
                          bodyStream: WorkerRequestBody? = nil) {
        let host = head.headers.first(name: "host") ?? "\(configuration.host):\(configuration.port)"
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count + 1)
        if !head.headers.contains(name: "host") { headers.append(("host", host)) }
        for (name, value) in head.headers { headers.append((name.lowercased(), value)) }
        let request = WorkerRequest(method: head.method.rawValue, url: "http://\(host)\(head.uri)", headers: headers,
                                    body: body, bodyStream: bodyStream)
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
            send(chunks, context, keepAlive: keepAlive)
        }
    }

    /// Sends the chunks as they arrive, taking the next one once the socket has room (the client sets the
    /// pace). A stream that breaks cuts the connection, so the client sees a truncated body, not a whole one.
    private func send(_ chunks: AsyncThrowingStream<[UInt8], Error>, _ context: ChannelHandlerContext, keepAlive: Bool) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            do {
                for try await chunk in chunks where !chunk.isEmpty {
                    try await loop.flatSubmit {
                        let (handler, context) = bound.value
                        return handler.write(chunk, context)
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

    /// Writes one chunk of a streamed response; the future completes when the socket can take more.
    private func write(_ chunk: [UInt8], _ context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        guard context.channel.isActive else { return context.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        let written = context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk)))))
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let room = context.eventLoop.makePromise(of: Void.self)
        writable = room
        written.whenFailure { room.fail($0) }
        return room.futureResult
    }

    private func finish(_ context: ChannelHandlerContext, keepAlive: Bool) {
        var keepAlive = keepAlive
        if let upload {
            // The Worker can no longer read the body; what it did not read is dropped, unless it went past
            // the limit, whose rest is never read: the connection closes instead.
            upload.close()
            if upload.overLimit { keepAlive = false }
            if case .answering = state { state = upload.ended ? .idle : .draining }
            if upload.ended { self.upload = nil }
            resumeReading(context)
            if !keepAlive, !upload.ended, !upload.overLimit, case .draining = state {
                closeWhenDrained = true
                keepAlive = true
            }
        } else if case .answering = state {
            state = .idle
        }
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
