import Foundation
import NIOCore

/// The network side of a request body that streams into a Worker (`WorkerRequestBody`): the connection's
/// handler feeds it the body parts it reads, and stops reading the socket while the Worker is more than the
/// channel's high-water mark behind (`isPaused`), so an upload comes in as fast as the Worker takes it.
/// Parts read in one burst go to the Worker as one chunk (`flush` at the end of each read), which keeps the
/// hops into JS few. Used on the connection's event loop only; the Worker's side is the `ChunkChannel`.
final class StreamedUpload {
    let body: WorkerRequestBody
    private let chunks = ChunkChannel(highWater: 1 << 20)
    private let limit: Int
    private let loop: EventLoop
    private let onRoom: () -> Void
    private var received = 0
    private var pending: ByteBuffer?
    /// The request's end has been read.
    private(set) var ended = false
    /// The body went over the limit: the Worker's read fails, and the rest of it is never read.
    private(set) var overLimit = false
    /// The Worker is behind: the connection reads nothing until `onRoom` runs.
    private(set) var isPaused = false

    /// Bursts are handed on at this size even before the read ends.
    private static let flushSize = 1 << 20

    /// `onRoom` runs on `loop` when the Worker has caught up after a pause (or stopped reading).
    init(limit: Int, loop: EventLoop, onRoom: @escaping () -> Void) {
        let chunks = self.chunks
        body = WorkerRequestBody(next: { try await chunks.next() }, onClose: { chunks.close() })
        self.limit = limit
        self.loop = loop
        self.onRoom = onRoom
    }

    /// Takes a part of the body; past the limit the Worker's stream fails (a chunked upload has no
    /// Content-Length to refuse up front) and later parts are dropped.
    func append(_ part: ByteBuffer) {
        guard !ended, !overLimit else { return }
        received += part.readableBytes
        if received > limit {
            overLimit = true
            pending = nil
            chunks.finish(throwing: RequestBodyTooLarge(limit: limit))
            return
        }
        if pending == nil {
            pending = part
        } else {
            var part = part
            pending!.writeBuffer(&part)
        }
        if pending!.readableBytes >= Self.flushSize { flush() }
    }

    /// Hands what was read so far to the Worker; when that puts it too far behind, reading pauses.
    func flush() {
        guard let buffer = pending else { return }
        pending = nil
        guard chunks.send(Array(buffer: buffer)) == .full, !isPaused else { return }
        isPaused = true
        let chunks = self.chunks
        let bound = NIOLoopBound(self, eventLoop: loop)
        let loop = self.loop
        Task {
            _ = await chunks.room()
            loop.execute {
                let upload = bound.value
                upload.isPaused = false
                upload.onRoom()
            }
        }
    }

    /// The request's end: the Worker reads what is left, then the end of the stream.
    func end() {
        flush()
        ended = true
        chunks.finish()
    }

    /// The connection broke before the body ended.
    func fail(_ error: Error) {
        chunks.finish(throwing: error)
    }

    /// The response is out: the Worker may read no more, and reading the connection no longer waits for it.
    func close() {
        pending = nil
        body.close()
        isPaused = false
    }
}

struct RequestBodyTooLarge: Error, CustomStringConvertible {
    let limit: Int
    var description: String { "Request body exceeds the limit of \(limit) bytes" }
}

struct ConnectionClosedMidBody: Error, CustomStringConvertible {
    var description: String { "The client closed the connection before the request body ended" }
}
