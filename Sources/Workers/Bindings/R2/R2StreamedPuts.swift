import Foundation
import Storage

/// Puts whose value is a `ReadableStream`: the glue feeds chunks as the stream yields them and Swift writes
/// them to the object's temporary file as they come (`R2Bucket.put(_:chunks:)`), so a large upload never
/// sits in memory whole. The object is committed only when the stream ends; an error discards it.
final class R2StreamedPuts: @unchecked Sendable {
    private struct Upload {
        let continuation: AsyncThrowingStream<[UInt8], Error>.Continuation
        let result: Task<R2Object?, Error>
    }

    private let lock = NSLock()
    private var uploads: [Int: Upload] = [:]
    private var nextID = 1

    func begin(_ bucket: R2Bucket, key: String, options: R2PutOptions) -> Int {
        let (chunks, continuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        let result = Task { try await bucket.put(key, chunks: chunks, options: options) }
        return lock.withLock {
            let id = nextID
            nextID += 1
            uploads[id] = Upload(continuation: continuation, result: result)
            return id
        }
    }

    func append(_ id: Int, _ bytes: [UInt8]) throws {
        guard let upload = lock.withLock({ uploads[id] }) else { throw R2BindingError.type("put: this upload has already ended") }
        upload.continuation.yield(bytes)
    }

    /// Ends the stream (with `failure` when the source stream errored) and waits for the commit.
    func finish(_ id: Int, failure: String?) async throws -> R2Object? {
        guard let upload = lock.withLock({ uploads.removeValue(forKey: id) }) else {
            throw R2BindingError.type("put: this upload has already ended")
        }
        if let failure {
            upload.continuation.finish(throwing: R2BindingError.type("put: the value stream failed: \(failure)"))
        } else {
            upload.continuation.finish()
        }
        return try await upload.result.value
    }
}
