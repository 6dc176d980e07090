import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP/1.x connection, behind NIO's request decoder and in place of NIO's server pipeline (response
/// encoder, pipelining handler, error handler): it collects a request (holding its body to the limit), hands
/// it to the `WorkerRequestHandler` from the event loop (`+Dispatch`), and writes the answer when the handler
/// replies — from whichever thread that is, by one `execute` onto this connection's loop (`+Response`).
///
/// Pipelining is handled here: requests that arrive while one is being answered wait in `queued`, in order,
/// and are taken one at a time as answers finish. Reads are not withheld per request (NIO's pipelining
/// handler did, which cost two `epoll_ctl` calls per keep-alive request); only while the queue is longer
/// than `maxQueuedParts`, or while a streamed upload's Worker is behind.
/// A large (Content-Length over `collectedBodySize`) or chunked body is not collected: the request goes to
/// the handler at once with a `StreamedUpload` that the socket is read into only as fast as the Worker reads
/// it. Malformed HTTP is answered 400 (after the answers to the requests before it) and the connection closed.
final class WorkerHTTPChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What the next part read from the connection belongs to.
    enum Inbound {
        /// A new request.
        case awaitingHead
        /// A request whose body is collected before the handler sees it.
        case collecting(HTTPRequestHead, ByteBuffer?)
        /// The body of the request in hand, fed to `upload` as it arrives.
        case streaming
        /// The response went out before the streamed body ended: the rest is read and dropped, then the
        /// connection takes the next request.
        case draining
        /// A response that ends the connection is on its way (413, 400, `connection: close`): the rest of
        /// what the client sends is dropped.
        case closing
    }

    /// What waits in the pipelining queue.
    enum Queued {
        case part(HTTPServerRequestPart)
        /// The decoder failed here: the requests before it are answered first, then this is a 400.
        case malformed
    }

    /// Bodies up to this size arrive in JS whole; larger or chunked ones stream as the Worker reads them.
    static let collectedBodySize = 1 << 20
    /// Request parts (head, body, end) that may wait behind the request in hand before reads stop.
    static let maxQueuedParts = 16

    let configuration: HTTPServerConfiguration
    let handler: any WorkerRequestHandler
    var inbound = Inbound.awaitingHead
    /// Parts of pipelined requests that came in while a response was pending, oldest first.
    var queued = CircularBuffer<Queued>()
    /// `drainQueue` is running (an answer given on the spot finishes inside it and must not start another).
    var isDrainingQueue = false
    /// The handler has a request whose response is not fully handed to the socket yet.
    var responding = false
    /// Bytes of that response are on the wire, so a 400 can no longer be sent in its place.
    var responseStarted = false
    /// The body of the request in hand, when it streams.
    var upload: StreamedUpload?
    /// NIO asked to read while reads were held; the read happens once they no longer are.
    var readPending = false
    /// A streamed response waits here for the socket to drain.
    var writable: EventLoopPromise<Void>?
    /// The response said `connection: close` before its streamed body ended: the rest is read first, so the
    /// client (still sending) sees the response rather than a reset.
    var closeWhenDrained = false

    init(configuration: HTTPServerConfiguration, handler: any WorkerRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// A part that belongs to a request behind the one being answered waits its turn; so does everything
    /// behind a part that already waits.
    private var mustQueue: Bool {
        if !queued.isEmpty { return true }
        if responding, case .awaitingHead = inbound { return true }
        return false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .closing = inbound { return }
        let part = unwrapInboundIn(data)
        if mustQueue {
            queued.append(.part(part))
        } else {
            process(part, context)
        }
    }

    private func process(_ part: HTTPServerRequestPart, _ context: ChannelHandlerContext) {
        switch (part, inbound) {
        case (.head(let head), .awaitingHead):
            begin(head, context)
        case (.body(var chunk), .collecting(let head, var body)):
            let limit = configuration.bodyLimit
            if (body?.readableBytes ?? 0) + chunk.readableBytes > limit {
                reject(context, head, "Request body exceeds the limit of \(limit) bytes")
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            inbound = .collecting(head, body)
        case (.body(let chunk), .streaming):
            upload?.append(chunk)
        case (.end, .collecting(let head, let body)):
            inbound = .awaitingHead
            dispatch(context, head, body.map { Array(buffer: $0) } ?? [])
        case (.end, .streaming):
            inbound = .awaitingHead
            upload?.end()
        case (.end, .draining):
            inbound = .awaitingHead
            upload = nil
            if closeWhenDrained {
                inbound = .closing
                closeAfterWriting(nil, context)
            }
        default:
            // The rest of a body being dropped (draining), or anything after the connection's last response.
            break
        }
    }

    private func begin(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let limit = configuration.bodyLimit
        let declared = head.headers.first(name: "content-length").flatMap(Int.init)
        if let declared, declared > limit {
            reject(context, head, "Request body of \(declared) bytes exceeds the limit of \(limit) bytes")
        } else if declared.map({ $0 > Self.collectedBodySize }) ?? head.headers.contains(name: "transfer-encoding") {
            inbound = .streaming
            stream(head, context)
        } else {
            inbound = .collecting(head, nil)
        }
    }

    /// Takes queued parts in order until a request is being answered and the next part starts another one.
    func drainQueue(_ context: ChannelHandlerContext) {
        guard !isDrainingQueue else { return }
        isDrainingQueue = true
        defer { isDrainingQueue = false }
        while let next = queued.first {
            if case .closing = inbound {
                queued.removeAll()
                break
            }
            if responding, case .awaitingHead = inbound { break }
            queued.removeFirst()
            switch next {
            case .part(let part): process(part, context)
            case .malformed: answerMalformed(context)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upload?.flush()
        context.fireChannelReadComplete()
    }

    /// Holds reads back while the queue is full or a streamed body's Worker is behind.
    func read(context: ChannelHandlerContext) {
        if holdsReads {
            readPending = true
        } else {
            context.read()
        }
    }

    private var holdsReads: Bool { upload?.isPaused == true || queued.count > Self.maxQueuedParts }

    func resumeReading(_ context: ChannelHandlerContext) {
        guard readPending, !holdsReads else { return }
        readPending = false
        context.read()
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
        queued.removeAll()
        inbound = .closing
        context.fireChannelInactive()
    }

    /// Malformed HTTP is answered 400 in its turn. The decoder reports every later read as
    /// `dataReceivedInErrorState`, which is the same failure again. Anything else (a reset) ends the connection.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is HTTPParserError {
            if mustQueue {
                queued.append(.malformed)
            } else {
                answerMalformed(context)
            }
        } else if let decoderError = error as? ByteToMessageDecoderError,
                  case .dataReceivedInErrorState = decoderError {
            return
        } else {
            context.close(promise: nil)
        }
    }

    /// As NIO's error handler did: a 400 unless a response has already started (then the connection just
    /// closes); a request in the handler's hands at that point gets no answer.
    private func answerMalformed(_ context: ChannelHandlerContext) {
        if case .closing = inbound { return }
        inbound = .closing
        queued.removeAll()
        if responding && responseStarted {
            context.close(promise: nil)
            return
        }
        responding = false
        closeAfterWriting(context.channel.allocator.buffer(staticString: HTTP1ResponseEncoder.badRequest), context)
    }
}
