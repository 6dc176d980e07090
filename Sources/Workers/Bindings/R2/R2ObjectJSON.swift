import Foundation
import Storage

/// An `R2Object`'s fields as the JSON the JS glue (`Scripts/r2-bucket.js`) turns into an `R2Object`:
/// dates as milliseconds since the epoch, checksums as hex strings.
struct R2ObjectJSON: Encodable {
    struct HTTPMetadata: Encodable {
        var contentType, contentLanguage, contentDisposition, contentEncoding, cacheControl: String?
        var cacheExpiry: Double?
    }
    struct Range: Encodable { var offset: Int64; var length: Int64 }

    var key: String
    var version: String
    var size: Int64
    var etag: String
    var uploaded: Double
    var httpMetadata: HTTPMetadata
    var customMetadata: [String: String]
    var checksums: [String: String]
    var range: Range?
    var storageClass: String

    init(_ object: R2Object) {
        key = object.key
        version = object.version
        size = object.size
        etag = object.etag
        uploaded = (object.uploaded.timeIntervalSince1970 * 1000).rounded()
        let http = object.httpMetadata
        httpMetadata = HTTPMetadata(contentType: http.contentType, contentLanguage: http.contentLanguage,
                                    contentDisposition: http.contentDisposition, contentEncoding: http.contentEncoding,
                                    cacheControl: http.cacheControl,
                                    cacheExpiry: http.cacheExpiry.map { ($0.timeIntervalSince1970 * 1000).rounded() })
        customMetadata = object.customMetadata
        var sums: [String: String] = [:]
        let stored = object.checksums
        for (name, bytes) in [("md5", stored.md5), ("sha1", stored.sha1), ("sha256", stored.sha256),
                              ("sha384", stored.sha384), ("sha512", stored.sha512)] {
            if let bytes { sums[name] = hexString(bytes) }
        }
        checksums = sums
        range = object.range.map { Range(offset: $0.offset, length: $0.length) }
        storageClass = object.storageClass
    }

    static func text(_ object: R2Object) throws -> String {
        String(decoding: try JSONEncoder().encode(R2ObjectJSON(object)), as: UTF8.self)
    }
}
