import Foundation
import NIOCore
import NIOHTTP1

/// Handing a request to the `WorkerRequestHandler`: the `WorkerRequest` is built on the event loop, and the
/// answer comes back from whichever thread produced it by one `execute` onto this connection's loop.
extension WorkerHTTPChannelHandler {
    /// Hands the request to the handler now, its body to follow through a `StreamedUpload`.
    func stream(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let upload = StreamedUpload(limit: configuration.bodyLimit, loop: context.eventLoop) {
            let (handler, context) = bound.value
            handler.resumeReading(context)
        }
        self.upload = upload
        dispatch(context, head, [], bodyStream: upload.body)
    }

    /// A body over the limit: 413 in this request's turn, then the connection closes (the client may still be
    /// sending the body, which is not read).
    func reject(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ text: String) {
        responding = true
        responseStarted = false
        write(.text(413, text), to: head, context, started: configuration.log == nil ? nil : ContinuousClock.now,
              keepAlive: false)
    }

    func dispatch(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: [UInt8],
                          bodyStream: WorkerRequestBody? = nil) {
        responding = true
        responseStarted = false
        // One pass over the headers: names lowercased (most already are, or are small strings), the Host found.
        var host: String?
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count + 1)
        for (name, value) in head.headers {
            let name = name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? name.lowercased() : name
            if host == nil, name == "host" { host = value }
            headers.append((name, value))
        }
        if host == nil {
            host = "\(configuration.host):\(configuration.port)"
            headers.insert(("host", host!), at: 0)
        }
        // Built in one allocation (interpolation grows the string as it goes).
        var url = "http://"
        url.reserveCapacity(7 + host!.utf8.count + head.uri.utf8.count)
        url.append(host!)
        url.append(head.uri)
        let request = WorkerRequest(method: head.method.rawValue, url: url, headers: headers, body: body,
                                    bodyStream: bodyStream)
        let started = configuration.log == nil ? nil : ContinuousClock.now
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
}
