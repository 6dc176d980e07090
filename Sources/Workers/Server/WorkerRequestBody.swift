import Foundation
import JavaScript

/// A request body read from the network as the Worker asks for it (`request.body` in JS pulls chunks), so a
/// large upload streams through the Worker (into R2, back out) without being held in memory whole.
/// Reads come one at a time (a JS `ReadableStream` pulls again only after the previous pull settled). Once
/// the response has been sent the body closes: later reads, and a read still waiting, fail as in workerd.
public final class WorkerRequestBody: @unchecked Sendable {
    private let nextChunk: () async throws -> [UInt8]?
    private let onClose: () -> Void
    private let lock = NSLock()
    private var closed = false

    /// `next` returns the next chunk, nil at the end; it is never called again after nil or an error.
    /// `onClose` runs once when the body closes (the network side stops feeding it and wakes a waiting read).
    public init(next: @escaping () async throws -> [UInt8]?, onClose: @escaping () -> Void = {}) {
        nextChunk = next
        self.onClose = onClose
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

    private var isClosed: Bool { lock.withLock { closed } }

    public func next() async throws -> [UInt8]? {
        if isClosed { throw Self.closedError }
        do {
            return try await nextChunk()
        } catch {
            // A read that was waiting when the response went out hears why it stopped.
            if isClosed { throw Self.closedError }
            throw error
        }
    }

    /// The response has been sent: refuses further reads.
    public func close() {
        let first: Bool = lock.withLock {
            defer { closed = true }
            return !closed
        }
        if first { onClose() }
    }
}
