import Foundation

/// Where a Response on its way out of JS lands: the head (status + headers) once, then body chunks.
/// JS reaches a sink by its number through the isolate's natives (`head`, `chunk`, `end`, `fail`).
/// Chunks wait in the sink's `ChunkChannel` until the HTTP side takes the body: a body that is complete by
/// then goes out as bytes with a Content-Length (one write), anything else as a stream. A JS writer that gets
/// more than the channel's high-water mark ahead of the client is told to wait (backpressure), so a large
/// streamed body (an R2 object) never sits in memory whole. The head is handed on by a callback on the
/// thread that wrote it (the isolate's), so no task waits in between.
final class ResponseSinks: @unchecked Sendable {
    typealias Head = (status: Int, headers: [(name: String, value: String)])

    final class Sink: @unchecked Sendable {
        /// Called once, with the head or the failure that came first.
        fileprivate var onHead: ((Result<Head, ScriptFailure>) -> Void)?
        fileprivate var headResult: Result<Head, ScriptFailure>?
        fileprivate let chunks = ChunkChannel()
        fileprivate var finished = false
        fileprivate var failure: ScriptFailure?
        /// The incoming request's body when it streams from the network (read by JS through `requestBody`).
        fileprivate var requestBody: WorkerRequestBody?
    }

    private let lock = NSLock()
    private var nextID = 1
    private var open: [Int: Sink] = [:]
    private var closed: ScriptFailure?

    /// Opens a sink; `onHead` receives its head (or failure) once, on the thread that settles it. Once the
    /// sinks are closed (the isolate stopped), `onHead` gets the closing failure at once. `requestBody` is the
    /// request's body when it streams from the network (JS reads it through `requestBody(id)`).
    func begin(requestBody: WorkerRequestBody? = nil,
               onHead: @escaping (Result<Head, ScriptFailure>, Sink) -> Void) -> Int {
        let sink = Sink()
        sink.requestBody = requestBody
        lock.lock()
        if let closed {
            lock.unlock()
            onHead(.failure(closed), sink)
            return 0
        }
        sink.onHead = { [unowned sink] result in onHead(result, sink) }
        let id = nextID
        nextID += 1
        open[id] = sink
        lock.unlock()
        return id
    }

    /// The body: all of it when JS has already finished writing it, else a stream of what is to come.
    func body(of sink: Sink) -> WorkerResponse.Body {
        if let bytes = sink.chunks.takeAllIfComplete() { return .bytes(bytes) }
        return .stream(sink.chunks.stream())
    }

    func writeHead(_ id: Int, _ head: Head) {
        settleHead(id, .success(head))
    }

    /// A whole response at once (head, complete body, end): one lock, one hand-off.
    func writeWhole(_ id: Int, _ head: Head, _ bytes: [UInt8]) {
        let sink: Sink? = lock.withLock {
            guard let sink = open.removeValue(forKey: id) else { return nil }
            sink.finished = true
            return sink
        }
        guard let sink else { return }
        if !bytes.isEmpty { sink.chunks.send(bytes) }
        sink.chunks.finish()
        settle(sink, .success(head))
    }

    /// Queues a body chunk; `.full` asks the JS writer to wait for `room(id)` before the next one.
    func writeChunk(_ id: Int, _ bytes: [UInt8]) -> ChunkChannel.SendResult {
        guard let sink = lock.withLock({ open[id] }) else { return .closed }
        return sink.chunks.send(bytes)
    }

    /// Waits until the client has taken enough of the body; false when it went away.
    func room(_ id: Int) async -> Bool {
        guard let sink = lock.withLock({ open[id] }) else { return false }
        return await sink.chunks.room()
    }

    /// The streamed request body of the request answered through sink `id` (nil: none, or the response is out).
    func requestBody(_ id: Int) -> WorkerRequestBody? {
        lock.withLock { open[id]?.requestBody }
    }

    func end(_ id: Int) {
        lock.lock()
        guard let sink = open[id] else { lock.unlock(); return }
        sink.finished = true
        retireIfDone(id, sink)
        lock.unlock()
        sink.chunks.finish()
    }

    /// With the lock held: forgets a sink whose head is out and whose body has ended or failed.
    private func retireIfDone(_ id: Int, _ sink: Sink) {
        if sink.headResult != nil, sink.finished || sink.failure != nil { open[id] = nil }
    }

    /// Fails the request: before the head it becomes the request's error; after it, the body stream breaks.
    func fail(_ id: Int, _ failure: ScriptFailure) {
        lock.lock()
        guard let sink = open.removeValue(forKey: id) else { lock.unlock(); return }
        sink.failure = failure
        lock.unlock()
        settle(sink, .failure(failure))
        sink.chunks.finish(throwing: failure)
    }

    /// Fails every open request (the isolate was stopped by its CPU limit or shut down).
    func failAll(_ failure: ScriptFailure) {
        let ids = lock.withLock { Array(open.keys) }
        for id in ids { fail(id, failure) }
    }

    /// Fails every open request and every later one: the isolate is going away.
    func close(_ failure: ScriptFailure) {
        lock.withLock { if closed == nil { closed = failure } }
        failAll(failure)
    }

    private func settleHead(_ id: Int, _ result: Result<Head, ScriptFailure>) {
        guard let sink = lock.withLock({ open[id] }) else { return }
        settle(sink, result)
        lock.withLock { retireIfDone(id, sink) }
    }

    /// Only the first settle counts (a failure after the head only breaks the body).
    private func settle(_ sink: Sink, _ result: Result<Head, ScriptFailure>) {
        lock.lock()
        guard sink.headResult == nil else { lock.unlock(); return }
        sink.headResult = result
        let onHead = sink.onHead
        sink.onHead = nil
        lock.unlock()
        onHead?(result)
    }
}
