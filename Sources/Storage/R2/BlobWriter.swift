import Foundation

/// Writes one object's bytes to a temporary file while hashing them, then makes the file durable and
/// moves it to its final name. Until `commit` the object's previous version is untouched; a writer that
/// is dropped (error, crash) leaves only a temporary file that the next open of the bucket sweeps away.
final class BlobWriter {
    let temporaryPath: String
    private var descriptor: Int32
    private var hasher: R2Hasher
    private(set) var size: Int64 = 0

    init(directory: String, verifying expected: R2Checksums) throws {
        temporaryPath = directory + "/" + UUID().uuidString.lowercased()
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StorageError.io("cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        hasher = R2Hasher(verifying: expected)
    }

    deinit {
        // Not committed: drop the partial data.
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try writeFully(descriptor, bytes, path: temporaryPath)
        hasher.update(bytes)
        size += Int64(bytes.count)
    }

    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Appends a whole file, in chunks.
    func append(contentsOfFile path: String) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw StorageError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let chunkSize = 4 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress!, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("reading \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            try append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    var checksums: R2Checksums { hasher.finalize() }

    /// fsyncs the data, renames it to `finalPath` and fsyncs the directory so the rename survives a crash.
    func commit(to finalPath: String) throws {
        guard fsync(descriptor) == 0 else { throw StorageError.io("fsync \(temporaryPath): \(String(cString: strerror(errno)))") }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, finalPath) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw StorageError.io("rename to \(finalPath): \(message)")
        }
        syncDirectory(containing: finalPath)
    }
}

/// fsyncs the directory holding `path`, making a rename or unlink in it durable.
func syncDirectory(containing path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if descriptor >= 0 {
        fsync(descriptor)
        close(descriptor)
    }
}
