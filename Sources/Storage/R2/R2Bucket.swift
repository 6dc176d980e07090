import Foundation

/// One local R2 bucket: object data as files under `<stateDir>/r2/<bucket>/blobs/`, metadata in
/// `<stateDir>/r2/<bucket>/metadata.sqlite`. Thread-safe; several processes (`kiln dev` and the CLI) may
/// share a bucket, SQLite's locks order their commits.
///
/// A put writes to `tmp/`, fsyncs, renames the file to a name no other version uses, then commits the
/// metadata; only after the commit is the previous version's file removed. A crash at any point before the
/// commit leaves the previous version intact; concurrent puts each write their own file and the last
/// commit wins.
public final class R2Bucket: @unchecked Sendable {
    public let name: String
    public let directory: String
    let database: SQLiteDatabase
    let lock = NSLock()
    var blobsDirectory: String { directory + "/blobs" }
    var temporaryDirectory: String { directory + "/tmp" }
    var multipartDirectory: String { directory + "/multipart" }

    /// Largest custom metadata R2 accepts (keys + values, in bytes).
    static let maximumCustomMetadataSize = 2048
    static let maximumKeySize = 1024

    /// Opens (creating if needed) the bucket `name` under `r2Directory` (`<stateDir>/r2`).
    public init(name: String, r2Directory: String) throws {
        try R2Bucket.validate(bucketName: name)
        self.name = name
        directory = r2Directory + "/" + name
        for folder in [directory, directory + "/blobs", directory + "/tmp", directory + "/multipart"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        database = try SQLiteDatabase(path: directory + "/metadata.sqlite")
        try database.execute(R2Bucket.schema)
        sweepAbandonedFiles()
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS objects(
          key BLOB PRIMARY KEY, version TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
          uploaded INTEGER NOT NULL, http_metadata TEXT NOT NULL, custom_metadata TEXT NOT NULL,
          checksums TEXT NOT NULL, blob TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS uploads(
          upload_id TEXT PRIMARY KEY, key BLOB NOT NULL, http_metadata TEXT NOT NULL,
          custom_metadata TEXT NOT NULL, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS parts(
          upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, etag TEXT NOT NULL, size INTEGER NOT NULL,
          file TEXT NOT NULL, PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID;
        """

    // MARK: validation

    /// R2's bucket naming rule: 3–63 characters of lowercase letters, digits and hyphens,
    /// starting and ending with a letter or digit.
    public static func validate(bucketName: String) throws {
        let bytes = Array(bucketName.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }
        let valid = (3...63).contains(bytes.count) && bytes.allSatisfy { isAlphanumeric($0) || $0 == 45 }
            && isAlphanumeric(bytes.first!) && isAlphanumeric(bytes.last!)
        guard valid else {
            throw R2Error("bucket", .invalidBucketName,
                          "The specified bucket name \"\(bucketName)\" is not valid: use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.")
        }
    }

    static func validate(key: String, operation: String) throws {
        guard key.utf8.count <= maximumKeySize else { throw R2Error.invalidKey(operation) }
    }

    // MARK: head / get

    /// The object's metadata, or nil.
    public func head(_ key: String) throws -> R2Object? {
        try R2Bucket.validate(key: key, operation: "head")
        return try lock.withLock { try row(for: key)?.object }
    }

    /// The object with a body for `range`, the object without a body when `onlyIf` fails, or nil.
    public func get(_ key: String, range: R2Range? = nil, onlyIf: R2Conditional? = nil) throws -> R2GetResult? {
        try R2Bucket.validate(key: key, operation: "get")
        // Another process may replace the object between the metadata read and the open: retry then.
        for _ in 0..<8 {
            let found: (R2Object, Int32)?? = try lock.withLock {
                guard let row = try row(for: key) else { return .some(nil) }
                let descriptor = open(blobsDirectory + "/" + row.blob, O_RDONLY | O_CLOEXEC)
                if descriptor < 0 { return nil }
                return (row.object, descriptor)
            }
            guard let attempt = found else { continue }
            guard let (object, descriptor) = attempt else { return nil }
            if let onlyIf, !onlyIf.isSatisfied(by: object) {
                close(descriptor)
                return .preconditionFailed(object)
            }
            let resolved: R2ByteRange
            do {
                resolved = try range?.resolve(size: object.size) ?? R2ByteRange(offset: 0, length: object.size)
            } catch {
                close(descriptor)
                throw error
            }
            var ranged = object
            if range != nil { ranged.range = resolved }
            return .body(R2ObjectBody(object: ranged, descriptor: descriptor, range: resolved))
        }
        throw StorageError.io("get \(key): the object's data file kept disappearing (concurrent writers?)")
    }

    // MARK: put

    /// Stores `bytes` under `key`. Returns nil when `onlyIf` fails (nothing is changed then).
    @discardableResult
    public func put(_ key: String, bytes: [UInt8], options: R2PutOptions = R2PutOptions()) throws -> R2Object? {
        if try preconditionFails(key, options) { return nil }
        let writer = try beginPut(key, options: options)
        try writer.append(bytes)
        return try commitPut(key, writer: writer, options: options)
    }

    /// Stores the contents of the file at `path`, streamed in chunks.
    @discardableResult
    public func put(_ key: String, contentsOfFile path: String, options: R2PutOptions = R2PutOptions()) throws -> R2Object? {
        if try preconditionFails(key, options) { return nil }
        let writer = try beginPut(key, options: options)
        try writer.append(contentsOfFile: path)
        return try commitPut(key, writer: writer, options: options)
    }

    /// Stores the bytes of an async sequence of chunks (a `ReadableStream`), never holding more than a chunk.
    @discardableResult
    public func put<Chunks: AsyncSequence>(_ key: String, chunks: Chunks, options: R2PutOptions = R2PutOptions()) async throws -> R2Object?
    where Chunks.Element == [UInt8] {
        if try preconditionFails(key, options) { return nil }
        let writer = try beginPut(key, options: options)
        for try await chunk in chunks { try writer.append(chunk) }
        return try commitPut(key, writer: writer, options: options)
    }

    /// Checks `onlyIf` before any bytes are written, so a failing conditional put of a large body costs
    /// nothing; the commit checks again, atomically, in case the object changed meanwhile.
    private func preconditionFails(_ key: String, _ options: R2PutOptions) throws -> Bool {
        guard let onlyIf = options.onlyIf else { return false }
        try R2Bucket.validate(key: key, operation: "put")
        return !onlyIf.isSatisfied(by: try lock.withLock { try row(for: key)?.object })
    }

    func beginPut(_ key: String, options: R2PutOptions) throws -> BlobWriter {
        try R2Bucket.validate(key: key, operation: "put")
        let metadataSize = options.customMetadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        guard metadataSize <= R2Bucket.maximumCustomMetadataSize else {
            throw R2Error("put", .metadataTooLarge, "Your metadata headers exceed the maximum allowed metadata size.")
        }
        return try BlobWriter(directory: temporaryDirectory, verifying: options.checksums)
    }

    func commitPut(_ key: String, writer: BlobWriter, options: R2PutOptions) throws -> R2Object? {
        var checksums = writer.checksums
        try R2Hasher.verify(checksums, against: options.checksums)
        checksums = R2Checksums(md5: checksums.md5, sha1: options.checksums.sha1, sha256: options.checksums.sha256,
                                sha384: options.checksums.sha384, sha512: options.checksums.sha512)
        let version = R2Bucket.newVersion()
        let object = R2Object(key: key, version: version, size: writer.size, etag: hexString(checksums.md5!),
                              uploaded: R2Bucket.now(), httpMetadata: options.httpMetadata,
                              customMetadata: options.customMetadata, checksums: checksums, range: nil)
        try writer.commit(to: blobsDirectory + "/" + version)
        return try record(object, blob: version, onlyIf: options.onlyIf, operation: "put")
    }

    /// Commits `object` (whose data file `blob` is already in place) unless `onlyIf` fails, then removes
    /// the replaced version's file. On failure the new file is removed and the old version stays.
    func record(_ object: R2Object, blob: String, onlyIf: R2Conditional?, operation: String) throws -> R2Object? {
        let outcome: Result<String?, Error>? = lock.withLock {
            do {
                return try database.inWriteTransaction {
                    let previous = try row(for: object.key)
                    if let onlyIf, !onlyIf.isSatisfied(by: previous?.object) { return nil }
                    try upsert(object, blob: blob)
                    return .success(previous?.blob)
                }
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case nil:
            unlink(blobsDirectory + "/" + blob)
            return nil
        case .failure(let error):
            unlink(blobsDirectory + "/" + blob)
            throw error
        case .success(let replaced):
            if let replaced, replaced != blob { unlink(blobsDirectory + "/" + replaced) }
            return object
        }
    }

    // MARK: delete

    /// Deletes the objects (missing keys are fine, as in R2).
    public func delete(_ keys: [String]) throws {
        for key in keys { try R2Bucket.validate(key: key, operation: "delete") }
        let removed: [String] = try lock.withLock {
            try database.inWriteTransaction {
                var blobs: [String] = []
                let statement = try database.prepare("DELETE FROM objects WHERE key = ? RETURNING blob")
                for key in keys {
                    try statement.bind(.blob(Array(key.utf8)))
                    while try statement.step() { blobs.append(statement.text(0)) }
                }
                return blobs
            }
        }
        for blob in removed { unlink(blobsDirectory + "/" + blob) }
    }

    public func delete(_ key: String) throws { try delete([key]) }

    // MARK: rows

    struct Row {
        var object: R2Object
        var blob: String
    }

    static let columns = "key, version, size, etag, uploaded, http_metadata, custom_metadata, checksums, blob"

    /// Reads the metadata of `key`; call with `lock` held.
    func row(for key: String) throws -> Row? {
        let statement = try database.prepare("SELECT \(R2Bucket.columns) FROM objects WHERE key = ?")
        try statement.bind(.blob(Array(key.utf8)))
        guard try statement.step() else { return nil }
        return try R2Bucket.decodeRow(statement, includeHTTP: true, includeCustom: true)
    }

    static func decodeRow(_ statement: SQLiteStatement, includeHTTP: Bool, includeCustom: Bool) throws -> Row {
        let decoder = JSONDecoder()
        let key = String(decoding: statement.blob(0), as: UTF8.self)
        let http = includeHTTP
            ? try decoder.decode(R2HTTPMetadata.self, from: Data(statement.text(5).utf8)) : R2HTTPMetadata()
        let custom = includeCustom
            ? try decoder.decode([String: String].self, from: Data(statement.text(6).utf8)) : [:]
        let checksums = try decoder.decode(R2Checksums.self, from: Data(statement.text(7).utf8))
        let object = R2Object(key: key, version: statement.text(1), size: statement.int64(2), etag: statement.text(3),
                              uploaded: Date(timeIntervalSince1970: Double(statement.int64(4)) / 1000),
                              httpMetadata: http, customMetadata: custom, checksums: checksums, range: nil)
        return Row(object: object, blob: statement.text(8))
    }

    func upsert(_ object: R2Object, blob: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let statement = try database.prepare("INSERT OR REPLACE INTO objects(\(R2Bucket.columns)) VALUES (?,?,?,?,?,?,?,?,?)")
        try statement.bind(
            .blob(Array(object.key.utf8)), .text(object.version), .integer(object.size), .text(object.etag),
            .integer(Int64((object.uploaded.timeIntervalSince1970 * 1000).rounded())),
            .text(String(decoding: try encoder.encode(object.httpMetadata), as: UTF8.self)),
            .text(String(decoding: try encoder.encode(object.customMetadata), as: UTF8.self)),
            .text(String(decoding: try encoder.encode(object.checksums), as: UTF8.self)), .text(blob))
        try statement.run()
    }

    /// R2 records upload times in milliseconds.
    static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    static func newVersion() -> String { UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    /// Removes leftovers of writers that died: temporary files and data files no row refers to. Only files
    /// older than an hour, so a put in flight in another process is never touched.
    func sweepAbandonedFiles() {
        let cutoff = Date().addingTimeInterval(-3600)
        let manager = FileManager.default
        func isOld(_ path: String) -> Bool {
            ((try? manager.attributesOfItem(atPath: path)[.modificationDate]) as? Date).map { $0 < cutoff } ?? false
        }
        for name in (try? manager.contentsOfDirectory(atPath: temporaryDirectory)) ?? [] {
            let path = temporaryDirectory + "/" + name
            if isOld(path) { unlink(path) }
        }
        let old = ((try? manager.contentsOfDirectory(atPath: blobsDirectory)) ?? []).filter { isOld(blobsDirectory + "/" + $0) }
        guard !old.isEmpty else { return }
        lock.withLock {
            guard let statement = try? database.prepare("SELECT 1 FROM objects WHERE blob = ?") else { return }
            for blob in old {
                if (try? statement.bind(.text(blob)).step()) == false { unlink(blobsDirectory + "/" + blob) }
                statement.reset()
            }
        }
    }
}
