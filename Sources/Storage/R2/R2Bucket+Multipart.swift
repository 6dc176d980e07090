import Crypto
import Foundation

extension R2Bucket {
    /// R2 requires every part but the last to be at least 5 MiB and all of them the same size.
    public static let minimumPartSize: Int64 = 5 << 20

    public func createMultipartUpload(_ key: String, options: R2MultipartOptions = R2MultipartOptions()) throws -> R2MultipartUpload {
        try R2Bucket.validate(key: key, operation: "createMultipartUpload")
        let uploadId = R2Bucket.newVersion()
        let encoder = JSONEncoder()
        try lock.withLock {
            let statement = try database.prepare(
                "INSERT INTO uploads(upload_id, key, http_metadata, custom_metadata, created) VALUES (?,?,?,?,?)")
            try statement.bind(.text(uploadId), .blob(Array(key.utf8)),
                               .text(String(decoding: try encoder.encode(options.httpMetadata), as: UTF8.self)),
                               .text(String(decoding: try encoder.encode(options.customMetadata), as: UTF8.self)),
                               .integer(Int64(Date().timeIntervalSince1970 * 1000)))
            try statement.run()
        }
        return R2MultipartUpload(key: key, uploadId: uploadId, bucket: self)
    }

    /// A handle on an existing upload; as in workerd, whether it exists is checked when it is used.
    public func resumeMultipartUpload(_ key: String, uploadId: String) -> R2MultipartUpload {
        R2MultipartUpload(key: key, uploadId: uploadId, bucket: self)
    }

    func beginPart(_ upload: R2MultipartUpload, partNumber: Int) throws -> BlobWriter {
        guard (1...10000).contains(partNumber) else {
            throw R2Error("uploadPart", .invalidPart, "Part number must be an integer between 1 and 10000, got \(partNumber).")
        }
        try lock.withLock { _ = try uploadRow(upload, operation: "uploadPart") }
        return try BlobWriter(directory: temporaryDirectory, verifying: R2Checksums())
    }

    func commitPart(_ upload: R2MultipartUpload, partNumber: Int, writer: BlobWriter) throws -> R2UploadedPart {
        let etag = hexString(writer.checksums.md5!)
        let file = "\(upload.uploadId)-\(partNumber)-\(R2Bucket.newVersion())"
        try writer.commit(to: multipartDirectory + "/" + file)
        do {
            let replaced: String? = try lock.withLock {
                try database.inWriteTransaction {
                    _ = try uploadRow(upload, operation: "uploadPart")
                    let old = try database.prepare("SELECT file FROM parts WHERE upload_id = ? AND part_number = ?")
                    try old.bind(.text(upload.uploadId), .integer(Int64(partNumber)))
                    let previous = try old.step() ? old.text(0) : nil
                    let insert = try database.prepare(
                        "INSERT OR REPLACE INTO parts(upload_id, part_number, etag, size, file) VALUES (?,?,?,?,?)")
                    try insert.bind(.text(upload.uploadId), .integer(Int64(partNumber)), .text(etag),
                                    .integer(writer.size), .text(file))
                    try insert.run()
                    return previous
                }
            }
            if let replaced { unlink(multipartDirectory + "/" + replaced) }
        } catch {
            unlink(multipartDirectory + "/" + file)
            throw error
        }
        return R2UploadedPart(partNumber: partNumber, etag: etag)
    }

    func completeUpload(_ upload: R2MultipartUpload, parts requested: [R2UploadedPart]) throws -> R2Object {
        let operation = "completeMultipartUpload"
        let ordered = requested.sorted { $0.partNumber < $1.partNumber }
        guard !ordered.isEmpty, Set(ordered.map(\.partNumber)).count == ordered.count else {
            throw R2Error(operation, .invalidPart, "One or more of the specified parts could not be found.")
        }
        // Check the parts against what was stored, then join them outside the lock (they may be large).
        let (stored, metadata) = try lock.withLock { () -> ([Int: (etag: String, size: Int64, file: String)], (R2HTTPMetadata, [String: String])) in
            let metadata = try uploadRow(upload, operation: operation)
            let statement = try database.prepare("SELECT part_number, etag, size, file FROM parts WHERE upload_id = ?")
            try statement.bind(.text(upload.uploadId))
            var stored: [Int: (etag: String, size: Int64, file: String)] = [:]
            while try statement.step() {
                stored[Int(statement.int64(0))] = (statement.text(1), statement.int64(2), statement.text(3))
            }
            return (stored, metadata)
        }
        var files: [String] = []
        var partDigests: [UInt8] = []
        for (index, part) in ordered.enumerated() {
            guard let found = stored[part.partNumber], found.etag == part.etag.replacingOccurrences(of: "\"", with: "") else {
                throw R2Error(operation, .invalidPart, "One or more of the specified parts could not be found.")
            }
            if index < ordered.count - 1 {
                guard found.size >= R2Bucket.minimumPartSize else {
                    throw R2Error(operation, .entityTooSmall, "Your proposed upload is smaller than the minimum allowed object size.")
                }
                guard found.size == stored[ordered[0].partNumber]!.size else {
                    throw R2Error(operation, .badUpload, "There was a problem with the multipart upload: all non-trailing parts must have the same length.")
                }
            }
            files.append(multipartDirectory + "/" + found.file)
            partDigests += hexBytes(found.etag)
        }
        let writer = try BlobWriter(directory: temporaryDirectory, verifying: R2Checksums())
        for file in files { try writer.append(contentsOfFile: file) }
        let version = R2Bucket.newVersion()
        // S3's multipart etag: the md5 of the parts' binary md5s, then "-<part count>".
        let etag = hexString(Insecure.MD5.hash(data: partDigests)) + "-\(ordered.count)"
        let object = R2Object(key: upload.key, version: version, size: writer.size, etag: etag, uploaded: R2Bucket.now(),
                              httpMetadata: metadata.0, customMetadata: metadata.1, checksums: R2Checksums(), range: nil)
        try writer.commit(to: blobsDirectory + "/" + version)
        let replaced: String?
        do {
            replaced = try lock.withLock {
                try database.inWriteTransaction { () -> String? in
                    _ = try uploadRow(upload, operation: operation)
                    let previous = try row(for: upload.key)
                    try upsert(object, blob: version)
                    try deleteUploadRows(upload)
                    return previous?.blob
                }
            }
        } catch {
            unlink(blobsDirectory + "/" + version)
            throw error
        }
        if let replaced { unlink(blobsDirectory + "/" + replaced) }
        for file in stored.values.map(\.file) { unlink(multipartDirectory + "/" + file) }
        return object
    }

    func abortUpload(_ upload: R2MultipartUpload) throws {
        let files: [String] = try lock.withLock {
            try database.inWriteTransaction {
                _ = try uploadRow(upload, operation: "abortMultipartUpload")
                let statement = try database.prepare("SELECT file FROM parts WHERE upload_id = ?")
                try statement.bind(.text(upload.uploadId))
                var files: [String] = []
                while try statement.step() { files.append(statement.text(0)) }
                try deleteUploadRows(upload)
                return files
            }
        }
        for file in files { unlink(multipartDirectory + "/" + file) }
    }

    /// The upload's metadata, or NoSuchUpload; call with `lock` held.
    private func uploadRow(_ upload: R2MultipartUpload, operation: String) throws -> (R2HTTPMetadata, [String: String]) {
        let statement = try database.prepare("SELECT http_metadata, custom_metadata FROM uploads WHERE upload_id = ? AND key = ?")
        try statement.bind(.text(upload.uploadId), .blob(Array(upload.key.utf8)))
        guard try statement.step() else {
            throw R2Error(operation, .noSuchUpload, "The specified multipart upload does not exist.")
        }
        let decoder = JSONDecoder()
        return (try decoder.decode(R2HTTPMetadata.self, from: Data(statement.text(0).utf8)),
                try decoder.decode([String: String].self, from: Data(statement.text(1).utf8)))
    }

    private func deleteUploadRows(_ upload: R2MultipartUpload) throws {
        for table in ["parts", "uploads"] {
            try database.prepare("DELETE FROM \(table) WHERE upload_id = ?").bind(.text(upload.uploadId)).run()
        }
    }
}

/// Bytes of a lowercase hex string (an md5 etag).
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    func value(_ digit: UInt8) -> UInt8 { digit <= 57 ? digit - 48 : (digit | 0x20) - 87 }
    return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}
