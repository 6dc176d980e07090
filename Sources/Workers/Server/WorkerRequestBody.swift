import Foundation
import JavaScript

/// A request body read from the network as the Worker asks for it (`request.body` in JS pulls chunks), so a
/// large upload streams through the Worker (into R2, back out) without being held in memory whole.
/// Reads come one at a time (a JS `ReadableStream` pulls again only after the previous pull settled). Once
/// the response has been sent the body closes: later reads fail as in workerd, and the server, which reads
/// the connection next, first waits for a read under way.
public final class WorkerRequestBody: @unchecked Sendable {
    private let nextChunk: () async throws -> [UInt8]?
    private let lock = NSLock()
    private var closed = false
    private var reading = false
    private var closer: CheckedContinuation<Void, Never>?

    /// `next` returns the next chunk, nil at the end; it is never called again after nil or an error.
    public init(next: @escaping () async throws -> [UInt8]?) {
        nextChunk = next
    }

    /// A body of bytes already at hand, in chunks of at most `chunkSize` (tests, internal requests).
    public convenience init(bytes: [UInt8], chunkSize: Int = 64 << 10) {
        var offset = 0
        self.init(next: {
            guard offset < bytes.count else { return nil }
            defer { offset = min(bytes.count, offset + chunkSize) }
            return Array(bytes[offset..<min(bytes.count, offset + chunkSize)])
        })
    }

    static var closedError: JSError { .typeError("Can't read from request stream after response has been sent.") }

    public func next() async throws -> [UInt8]? {
        try lock.withLock {
            if closed { throw Self.closedError }
            reading = true
        }
        defer {
            let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
                reading = false
                defer { closer = nil }
                return closer
            }
            waiting?.resume()
        }
        return try await nextChunk()
    }

    /// The response has been sent: refuses further reads and waits for one under way.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            closed = true
            if reading {
                closer = continuation
                lock.unlock()
            } else {
                lock.unlock()
                continuation.resume()
            }
        }
    }
}
