import Foundation

/// An object's metadata (`R2Object` in the Workers API). `range` is set when a get asked for part of it.
public struct R2Object: Equatable, Sendable {
    public var key: String
    public var version: String
    public var size: Int64
    public var etag: String
    public var uploaded: Date
    public var httpMetadata: R2HTTPMetadata
    public var customMetadata: [String: String]
    public var checksums: R2Checksums
    public var range: R2ByteRange?
    public var storageClass: String { "Standard" }

    /// The etag in quotes, as an HTTP `ETag` header carries it.
    public var httpEtag: String { "\"\(etag)\"" }
}

/// A resolved byte range of an object: `length` bytes from `offset`.
public struct R2ByteRange: Equatable, Sendable {
    public var offset: Int64
    public var length: Int64
    public init(offset: Int64, length: Int64) {
        self.offset = offset
        self.length = length
    }
}
