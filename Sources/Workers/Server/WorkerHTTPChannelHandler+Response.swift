import Foundation
import NIOCore
import NIOHTTP1

/// Writing a Worker's answer: a body at hand goes out with its head as one buffer in one flush; a stream
/// goes chunk by chunk (chunked encoding on HTTP/1.1, the connection's end on HTTP/1.0) at the pace the
/// socket takes it.
extension WorkerHTTPChannelHandler {
    func answer(_ response: WorkerResponse, to head: HTTPRequestHead, _ context: ChannelHandlerContext,
                started: ContinuousClock.Instant?) {
        // Not responding: the connection ended first (a 400 in its place, or the client left).
        guard responding else { return }
        write(response, to: head, context, started: started, keepAlive: head.isKeepAlive)
    }

    func write(_ response: WorkerResponse, to request: HTTPRequestHead, _ context: ChannelHandlerContext,
               started: ContinuousClock.Instant?, keepAlive: Bool) {
        // An upload that went over the limit is never read to its end, so the connection cannot carry on.
        var keepAlive = keepAlive && upload?.overLimit != true
        let http10 = request.version.major == 1 && request.version.minor == 0
        let bodyAllowed = HTTP1ResponseEncoder.statusAllowsBody(response.status)
        // A HEAD response announces the body a GET would get, but sends none.
        let sendsBody = bodyAllowed && request.method != .HEAD
        // Room for the head and a body at hand, so the buffer is allocated once.
        var capacity = 96
        for (name, value) in response.headers { capacity += name.utf8.count + value.utf8.count + 4 }
        if case .bytes(let bytes) = response.body, sendsBody { capacity += bytes.count }
        var buffer = context.channel.allocator.buffer(capacity: capacity)
        do {
            switch response.body {
            case .bytes(let bytes):
                try HTTP1ResponseEncoder.writeHead(
                    status: response.status, headers: response.headers, version: request.version,
                    framing: bodyAllowed ? .contentLength(bytes.count) : .none,
                    connection: connection(keepAlive: keepAlive, http10: http10), into: &buffer)
                log(request, response.status, started)
                if sendsBody { buffer.writeBytes(bytes) }
                finish(context, keepAlive: keepAlive, last: buffer)
            case .stream(let chunks):
                // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
                if http10 { keepAlive = false }
                let chunked = bodyAllowed && !http10
                try HTTP1ResponseEncoder.writeHead(
                    status: response.status, headers: response.headers, version: request.version,
                    framing: chunked ? .chunked : .none,
                    connection: connection(keepAlive: keepAlive, http10: http10), into: &buffer)
                log(request, response.status, started)
                responseStarted = true
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
                send(chunks, context, keepAlive: keepAlive, framing: sendsBody ? (chunked ? .chunked : .raw) : .dropped)
            }
        } catch {
            write(.text(500, String(describing: error)), to: request, context, started: started, keepAlive: keepAlive)
        }
    }

    /// How the chunks of a streamed body go on the wire.
    enum StreamFraming {
        case chunked
        /// HTTP/1.0: as they are, the connection's end ends them.
        case raw
        /// HEAD, or a status without a body: read from the Worker and dropped.
        case dropped
    }

    /// Sends the chunks as they arrive, taking the next one once the socket has room (the client sets the
    /// pace). A stream that breaks cuts the connection, so the client sees a truncated body, not a whole one.
    private func send(_ chunks: AsyncThrowingStream<[UInt8], Error>, _ context: ChannelHandlerContext, keepAlive: Bool,
                      framing: StreamFraming) {
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            do {
                for try await chunk in chunks where !chunk.isEmpty {
                    if case .dropped = framing { continue }
                    try await loop.flatSubmit {
                        let (handler, context) = bound.value
                        return handler.write(chunk, context, chunked: framing == .chunked)
                    }.get()
                }
                loop.execute {
                    let (handler, context) = bound.value
                    let last = framing == .chunked
                        ? context.channel.allocator.buffer(staticString: HTTP1ResponseEncoder.lastChunk) : nil
                    handler.finish(context, keepAlive: keepAlive, last: last)
                }
            } catch {
                loop.execute { bound.value.1.close(promise: nil) }
            }
        }
    }

    /// Writes one chunk of a streamed response; the future completes when the socket can take more.
    private func write(_ chunk: [UInt8], _ context: ChannelHandlerContext, chunked: Bool) -> EventLoopFuture<Void> {
        guard context.channel.isActive else { return context.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        var buffer = context.channel.allocator.buffer(capacity: chunk.count + 16)
        if chunked {
            HTTP1ResponseEncoder.writeChunk(chunk, into: &buffer)
        } else {
            buffer.writeBytes(chunk)
        }
        let written = context.writeAndFlush(wrapOutboundOut(buffer))
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let room = context.eventLoop.makePromise(of: Void.self)
        writable = room
        written.whenFailure { room.fail($0) }
        return room.futureResult
    }

    /// The response is complete once `last` (its remaining bytes, if any) is written: the request's upload is
    /// closed, and the connection either closes or takes the next queued request.
    func finish(_ context: ChannelHandlerContext, keepAlive: Bool, last: ByteBuffer?) {
        var close = !keepAlive
        if let upload {
            // The Worker can no longer read the body; what it did not read is dropped, unless it went past
            // the limit, whose rest is never read: the connection closes instead.
            upload.close()
            if upload.overLimit { close = true }
            if upload.ended {
                self.upload = nil
            } else if !upload.overLimit {
                inbound = .draining
                if close {
                    closeWhenDrained = true
                    close = false
                }
            }
        }
        responding = false
        if close {
            inbound = .closing
            queued.removeAll()
            closeAfterWriting(last, context)
            return
        }
        if let last { context.writeAndFlush(wrapOutboundOut(last), promise: nil) }
        drainQueue(context)
        resumeReading(context)
    }

    /// Closes the connection once `last` and every write before it have reached the socket (closing at once
    /// would drop writes still waiting for room).
    func closeAfterWriting(_ last: ByteBuffer?, _ context: ChannelHandlerContext) {
        let last = last ?? context.channel.allocator.buffer(capacity: 0)
        context.writeAndFlush(wrapOutboundOut(last)).whenComplete { _ in context.close(promise: nil) }
    }

    private func connection(keepAlive: Bool, http10: Bool) -> HTTP1ResponseEncoder.Connection? {
        if http10, keepAlive { return .keepAlive }
        if !http10, !keepAlive { return .close }
        return nil
    }

    /// `started` is nil when there is no log (the clock is not read then).
    private func log(_ request: HTTPRequestHead, _ status: Int, _ started: ContinuousClock.Instant?) {
        guard let log = configuration.log, let started else { return }
        let ms = (ContinuousClock.now - started) / .milliseconds(1)
        log("[kiln] \(request.method.rawValue) \(request.uri) \(status) \(HTTPReasonPhrase.of(status)) (\(Int(ms.rounded()))ms)")
    }
}
