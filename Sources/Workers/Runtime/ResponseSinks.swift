import Foundation

/// Where a Response on its way out of JS lands: the head (status + headers) once, then body chunks.
/// JS reaches a sink by its number through the isolate's natives (`head`, `chunk`, `end`, `fail`).
/// Chunks are buffered until the HTTP side takes the body: a body that is complete by then goes out as
/// bytes with a Content-Length (one write), anything else as a stream. The head is handed on by a callback
/// on the thread that wrote it (the isolate's), so no task waits in between.
final class ResponseSinks: @unchecked Sendable {
    typealias Head = (status: Int, headers: [(name: String, value: String)])

    final class Sink: @unchecked Sendable {
        /// Called once, with the head or the failure that came first.
        fileprivate var onHead: ((Result<Head, ScriptFailure>) -> Void)?
        fileprivate var headResult: Result<Head, ScriptFailure>?
        fileprivate var buffered: [[UInt8]] = []
        fileprivate var finished = false
        fileprivate var failure: ScriptFailure?
        /// Set once the body is taken as a stream; later chunks go straight to it.
        fileprivate var writer: AsyncThrowingStream<[UInt8], Error>.Continuation?
    }

    private let lock = NSLock()
    private var nextID = 1
    private var open: [Int: Sink] = [:]
    private var closed: ScriptFailure?

    /// Opens a sink; `onHead` receives its head (or failure) once, on the thread that settles it. Once the
    /// sinks are closed (the isolate stopped), `onHead` gets the closing failure at once.
    func begin(onHead: @escaping (Result<Head, ScriptFailure>, Sink) -> Void) -> Int {
        let sink = Sink()
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
        lock.lock()
        defer { lock.unlock() }
        if sink.finished, sink.failure == nil {
            return .bytes(sink.buffered.count == 1 ? sink.buffered[0] : Array(sink.buffered.joined()))
        }
        let (stream, writer) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        for chunk in sink.buffered { writer.yield(chunk) }
        sink.buffered = []
        if let failure = sink.failure { writer.finish(throwing: failure) } else if sink.finished { writer.finish() }
        sink.writer = writer
        return .stream(stream)
    }

    func writeHead(_ id: Int, _ head: Head) {
        settleHead(id, .success(head))
    }

    /// A whole response at once (head, complete body, end): one lock, one hand-off.
    func writeWhole(_ id: Int, _ head: Head, _ bytes: [UInt8]) {
        let sink: Sink? = lock.withLock {
            guard let sink = open.removeValue(forKey: id) else { return nil }
            sink.buffered = bytes.isEmpty ? [] : [bytes]
            sink.finished = true
            return sink
        }
        if let sink { settle(sink, .success(head)) }
    }

    func writeChunk(_ id: Int, _ bytes: [UInt8]) {
        lock.lock()
        guard let sink = open[id] else { lock.unlock(); return }
        if let writer = sink.writer {
            lock.unlock()
            writer.yield(bytes)
        } else {
            sink.buffered.append(bytes)
            lock.unlock()
        }
    }

    func end(_ id: Int) {
        lock.lock()
        guard let sink = open[id] else { lock.unlock(); return }
        sink.finished = true
        retireIfDone(id, sink)
        let writer = sink.writer
        lock.unlock()
        writer?.finish()
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
        let writer = sink.writer
        lock.unlock()
        settle(sink, .failure(failure))
        writer?.finish(throwing: failure)
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
