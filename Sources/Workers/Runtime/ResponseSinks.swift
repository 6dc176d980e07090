import Foundation

/// Where a Response on its way out of JS lands: the head (status + headers) once, then body chunks.
/// JS reaches a sink by its number through the isolate's natives (`head`, `chunk`, `end`, `fail`).
final class ResponseSinks: @unchecked Sendable {
    typealias Head = (status: Int, headers: [(name: String, value: String)])

    final class Sink: @unchecked Sendable {
        let body: AsyncThrowingStream<[UInt8], Error>
        fileprivate let bodyWriter: AsyncThrowingStream<[UInt8], Error>.Continuation
        fileprivate var headWaiter: CheckedContinuation<Result<Head, ScriptFailure>, Never>?
        fileprivate var headResult: Result<Head, ScriptFailure>?

        fileprivate init() {
            (body, bodyWriter) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        }
    }

    private let lock = NSLock()
    private var nextID = 1
    private var open: [Int: Sink] = [:]

    func begin() -> (id: Int, sink: Sink) {
        lock.lock()
        defer { lock.unlock() }
        let id = nextID
        nextID += 1
        let sink = Sink()
        open[id] = sink
        return (id, sink)
    }

    /// Waits for the head of the response written to `sink`.
    func head(of sink: Sink) async -> Result<Head, ScriptFailure> {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let result = sink.headResult {
                lock.unlock()
                continuation.resume(returning: result)
            } else {
                sink.headWaiter = continuation
                lock.unlock()
            }
        }
    }

    func writeHead(_ id: Int, _ head: Head) {
        settleHead(id, .success(head), close: false)
    }

    func writeChunk(_ id: Int, _ bytes: [UInt8]) {
        lock.lock()
        let sink = open[id]
        lock.unlock()
        sink?.bodyWriter.yield(bytes)
    }

    func end(_ id: Int) {
        lock.lock()
        let sink = open.removeValue(forKey: id)
        lock.unlock()
        sink?.bodyWriter.finish()
    }

    /// Fails the request: before the head it becomes the request's error; after it, the body stream breaks.
    func fail(_ id: Int, _ failure: ScriptFailure) {
        settleHead(id, .failure(failure), close: true)
    }

    /// Fails every open request (the isolate was stopped by its CPU limit or shut down).
    func failAll(_ failure: ScriptFailure) {
        lock.lock()
        let ids = Array(open.keys)
        lock.unlock()
        for id in ids { fail(id, failure) }
    }

    private func settleHead(_ id: Int, _ result: Result<Head, ScriptFailure>, close: Bool) {
        lock.lock()
        guard let sink = open[id] else { lock.unlock(); return }
        if close { open[id] = nil }
        let waiter = sink.headWaiter
        let firstSettle = sink.headResult == nil
        if firstSettle { sink.headResult = result }
        sink.headWaiter = nil
        lock.unlock()
        if firstSettle { waiter?.resume(returning: result) }
        if close, case .failure(let failure) = result { sink.bodyWriter.finish(throwing: failure) }
    }
}
