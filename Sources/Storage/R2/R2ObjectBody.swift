import Foundation

/// The bytes of a stored object (or of the requested range), read from its file in chunks so that
/// objects of any size stream without being held in memory. The file stays readable even if a later put
/// replaces the object: the open descriptor keeps this version's data alive until the body is closed.
public final class R2ObjectBody: @unchecked Sendable {
    public let object: R2Object
    private let descriptor: Int32
    private let lock = NSLock()
    private var position: Int64
    private let end: Int64
    private var closed = false

    init(object: R2Object, descriptor: Int32, range: R2ByteRange) {
        self.object = object
        self.descriptor = descriptor
        self.position = range.offset
        self.end = range.offset + range.length
    }

    deinit { close() }

    /// Bytes not yet read.
    public var remaining: Int64 { lock.withLock { end - position } }

    /// The next chunk of at most `maxLength` bytes, or `nil` at the end.
    public func read(maxLength: Int = 1 << 20) throws -> [UInt8]? {
        try lock.withLock {
            guard !closed else { throw StorageError.io("read of a closed R2 object body (\(object.key))") }
            let count = Int(min(Int64(maxLength), end - position))
            guard count > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let got = chunk.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(position) + off_t(filled))
                }
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    throw StorageError.io("reading \(object.key): \(got == 0 ? "file shorter than recorded" : String(cString: strerror(errno)))")
                }
                filled += got
            }
            position += Int64(count)
            return chunk
        }
    }

    /// All remaining bytes at once; for small objects (`arrayBuffer()`, `text()`).
    public func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(remaining))
        while let chunk = try read() { bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// The remaining bytes as an async sequence of chunks (a `ReadableStream` source). Pulled: each chunk is
    /// read when the consumer asks for it, so a slow consumer never makes the body pile up in memory.
    public func chunks(size: Int = 1 << 20) -> AsyncThrowingStream<[UInt8], Error> {
        AsyncThrowingStream(unfolding: { try self.read(maxLength: size) })
    }

    /// Copies the remaining bytes into a new file at `path` (replacing it), in chunks.
    public func write(toFile path: String) throws {
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw StorageError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { Foundation.close(output) }
        while let chunk = try read(maxLength: 4 << 20) {
            try writeFully(output, chunk, path: path)
        }
    }

    /// Releases the file; further reads fail.
    public func close() {
        lock.withLock {
            if !closed {
                closed = true
                Foundation.close(descriptor)
            }
        }
    }
}

/// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var written = 0
    while written < bytes.count {
        let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 {
            if errno == EINTR { continue }
            throw StorageError.io("writing \(path): \(String(cString: strerror(errno)))")
        }
        written += count
    }
}

func writeFully(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
    try bytes.withUnsafeBytes { try writeFully(descriptor, $0, path: path) }
}
