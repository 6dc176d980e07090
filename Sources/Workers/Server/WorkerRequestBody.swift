/// A request body read from the network as the Worker asks for it (`request.body` in JS pulls chunks), so a
/// large upload streams through the Worker (into R2, back out) without being held in memory whole.
/// Reads come one at a time (a JS `ReadableStream` pulls again only after the previous pull settled).
public final class WorkerRequestBody: @unchecked Sendable {
    private let nextChunk: () async throws -> [UInt8]?

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

    public func next() async throws -> [UInt8]? {
        try await nextChunk()
    }
}
