import Foundation
import Storage

/// Puts and multipart parts whose value is a `ReadableStream`: the glue feeds chunks as the stream yields
/// them and Swift writes them to the object's (or part's) temporary file as they come, so a large upload
/// never sits in memory whole. The glue waits whenever more than the channel's high-water mark is queued
/// (the disk is slower than the stream), and stops reading the stream once the writer has stopped (a failed
/// `onlyIf`, an error). The object or part is committed only when the stream ends; an error discards it.
final class R2StreamedUploads: @unchecked Sendable {
    private struct Upload {
        let chunks: ChunkChannel
        /// What the upload answers JS with: object JSON (nil: `onlyIf` failed) for a put, the etag for a part.
        let result: Task<String?, Error>
    }

    private let lock = NSLock()
    private var uploads: [Int: Upload] = [:]
    private var nextID = 1

    /// Starts `write`, which consumes the chunks to come; returns the upload's id.
    func begin(_ write: @escaping @Sendable (ChunkChannel) async throws -> String?) -> Int {
        let chunks = ChunkChannel()
        let result = Task {
            // However the writer ends, the glue must stop feeding it.
            defer { chunks.close() }
            return try await write(chunks)
        }
        return lock.withLock {
            let id = nextID
            nextID += 1
            uploads[id] = Upload(chunks: chunks, result: result)
            return id
        }
    }

    func send(_ id: Int, _ bytes: [UInt8]) throws -> ChunkChannel.SendResult {
        try upload(id).chunks.send(bytes)
    }

    /// Waits until the writer has caught up; false when it has stopped.
    func room(_ id: Int) async throws -> Bool {
        await (try upload(id)).chunks.room()
    }

    /// Ends the stream (with `failure` when the source stream errored) and waits for the commit.
    func finish(_ id: Int, failure: String?) async throws -> String? {
        guard let upload = lock.withLock({ uploads.removeValue(forKey: id) }) else {
            throw R2BindingError.type("put: this upload has already ended")
        }
        upload.chunks.finish(throwing: failure.map { R2BindingError.type("put: the value stream failed: \($0)") })
        return try await upload.result.value
    }

    private func upload(_ id: Int) throws -> Upload {
        guard let upload = lock.withLock({ uploads[id] }) else { throw R2BindingError.type("put: this upload has already ended") }
        return upload
    }
}
