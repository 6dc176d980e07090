import Foundation

/// A part that `uploadPart` stored (`R2UploadedPart`): what `complete` needs to name it.
public struct R2UploadedPart: Codable, Equatable, Sendable {
    public var partNumber: Int
    public var etag: String
    public init(partNumber: Int, etag: String) {
        self.partNumber = partNumber
        self.etag = etag
    }
}

/// An in-progress multipart upload (`R2MultipartUpload`). Parts are files on disk until `complete`
/// joins them into one object or `abort` drops them; an upload survives restarts and can be resumed by id.
public struct R2MultipartUpload: Sendable {
    public let key: String
    public let uploadId: String
    let bucket: R2Bucket

    /// Stores part `partNumber` (1...10000); uploading a number again replaces that part.
    public func uploadPart(_ partNumber: Int, bytes: [UInt8]) throws -> R2UploadedPart {
        let writer = try bucket.beginPart(self, partNumber: partNumber)
        try writer.append(bytes)
        return try bucket.commitPart(self, partNumber: partNumber, writer: writer)
    }

    public func uploadPart(_ partNumber: Int, contentsOfFile path: String) throws -> R2UploadedPart {
        let writer = try bucket.beginPart(self, partNumber: partNumber)
        try writer.append(contentsOfFile: path)
        return try bucket.commitPart(self, partNumber: partNumber, writer: writer)
    }

    public func uploadPart<Chunks: AsyncSequence>(_ partNumber: Int, chunks: Chunks) async throws -> R2UploadedPart
    where Chunks.Element == [UInt8] {
        let writer = try bucket.beginPart(self, partNumber: partNumber)
        for try await chunk in chunks { try writer.append(chunk) }
        return try bucket.commitPart(self, partNumber: partNumber, writer: writer)
    }

    /// Joins `parts` (in part-number order) into the object `key`, replacing any previous version.
    public func complete(_ parts: [R2UploadedPart]) throws -> R2Object {
        try bucket.completeUpload(self, parts: parts)
    }

    /// Drops the upload and its parts.
    public func abort() throws { try bucket.abortUpload(self) }
}

/// Metadata given to `createMultipartUpload`; it becomes the object's when the upload completes.
public struct R2MultipartOptions: Sendable {
    public var httpMetadata: R2HTTPMetadata
    public var customMetadata: [String: String]
    public init(httpMetadata: R2HTTPMetadata = R2HTTPMetadata(), customMetadata: [String: String] = [:]) {
        self.httpMetadata = httpMetadata
        self.customMetadata = customMetadata
    }
}
