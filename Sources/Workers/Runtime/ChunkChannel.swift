import Foundation

/// Byte chunks from one producer (JS writing a body) to one consumer (the HTTP writer, a file), holding
/// about `highWater` bytes at most: `send` says when the producer should wait (`room()`) before sending more,
/// so a fast producer never piles a whole large body up in memory in front of a slow consumer.
final class ChunkChannel: AsyncSequence, @unchecked Sendable {
    typealias Element = [UInt8]

    /// What the producer learns from `send`.
    enum SendResult { case accepted, full, closed }

    struct ChannelClosed: Error, CustomStringConvertible {
        var description: String { "the reader of this body has gone away" }
    }

    let highWater: Int
    private let lock = NSLock()
    private var queue: [[UInt8]] = []
    private var head = 0
    private var pending = 0
    private var end: Result<Void, Error>?
    /// Set when the consumer stops reading (done, cancelled or gone): later chunks are dropped.
    private var closed = false
    private var reader: CheckedContinuation<[UInt8]?, Error>?
    private var roomWaiters: [CheckedContinuation<Bool, Never>] = []

    init(highWater: Int = 4 << 20) {
        self.highWater = highWater
    }

    /// Bytes sent and not yet taken by the consumer.
    var queuedBytes: Int { lock.withLock { pending } }

    /// Queues `chunk`: `.full` means wait for `room()` before the next one; `.closed` that nobody reads any more.
    @discardableResult
    func send(_ chunk: [UInt8]) -> SendResult {
        lock.lock()
        guard !closed, end == nil else { lock.unlock(); return .closed }
        if let reader {
            self.reader = nil
            lock.unlock()
            reader.resume(returning: chunk)
            return .accepted
        }
        queue.append(chunk)
        pending += chunk.count
        let full = pending > highWater
        lock.unlock()
        return full ? .full : .accepted
    }

    /// Waits until the consumer has taken enough to be under `highWater`; false when it stopped reading.
    func room() async -> Bool {
        await withCheckedContinuation { continuation in
            lock.lock()
            if closed { lock.unlock(); continuation.resume(returning: false); return }
            if pending <= highWater { lock.unlock(); continuation.resume(returning: true); return }
            roomWaiters.append(continuation)
            lock.unlock()
        }
    }

    /// Ends the body (with `error` when the producer failed); queued chunks are still delivered first.
    func finish(throwing error: Error? = nil) {
        lock.lock()
        guard end == nil else { lock.unlock(); return }
        end = error.map { .failure($0) } ?? .success(())
        let reader = queue.count == head ? self.reader : nil
        if reader != nil { self.reader = nil }
        lock.unlock()
        if let reader {
            if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
        }
    }

    /// The consumer stops reading: queued chunks are dropped and a waiting producer hears `false`.
    func close() {
        lock.lock()
        closed = true
        queue = []
        head = 0
        pending = 0
        let waiters = roomWaiters
        roomWaiters = []
        let reader = self.reader
        self.reader = nil
        lock.unlock()
        for waiter in waiters { waiter.resume(returning: false) }
        reader?.resume(throwing: CancellationError())
    }

    /// Everything queued, when the body has already ended without error (nil otherwise).
    func takeAllIfComplete() -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        guard case .success? = end else { return nil }
        let chunks = queue[head...]
        let all = chunks.count == 1 ? chunks.first! : Array(chunks.joined())
        queue = []
        head = 0
        pending = 0
        return all
    }

    /// The next chunk, nil at the end; throws the producer's error, or `CancellationError` when cancelled.
    func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, Error>) in
                lock.lock()
                if closed { lock.unlock(); continuation.resume(throwing: CancellationError()); return }
                if head < queue.count {
                    let chunk = queue[head]
                    queue[head] = []
                    head += 1
                    if head == queue.count { queue = []; head = 0 }
                    pending -= chunk.count
                    let waiters = pending <= highWater ? roomWaiters : []
                    if !waiters.isEmpty { roomWaiters = [] }
                    lock.unlock()
                    for waiter in waiters { waiter.resume(returning: true) }
                    continuation.resume(returning: chunk)
                    return
                }
                switch end {
                case .success?: lock.unlock(); continuation.resume(returning: nil)
                case .failure(let error)?: lock.unlock(); continuation.resume(throwing: error)
                case nil: reader = continuation; lock.unlock()
                }
            }
        } onCancel: {
            close()
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let channel: ChunkChannel
        mutating func next() async throws -> [UInt8]? { try await channel.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }

    /// The channel as a stream for `WorkerResponse.Body.stream`; when that stream is dropped unread (the client
    /// went away), the channel closes so the producer stops.
    func stream() -> AsyncThrowingStream<[UInt8], Error> {
        let closer = Closer(self)
        return AsyncThrowingStream(unfolding: { try await closer.channel.next() })
    }

    private final class Closer: Sendable {
        let channel: ChunkChannel
        init(_ channel: ChunkChannel) { self.channel = channel }
        deinit { channel.close() }
    }
}
