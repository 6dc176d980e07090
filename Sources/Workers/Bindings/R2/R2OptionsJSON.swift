import Foundation
import Storage

/// The options the JS glue has already validated and normalized (see `Scripts/r2-bucket.js`), decoded
/// into the Storage module's types. Dates arrive as milliseconds, checksums as hex strings.
struct R2ConditionalJSON: Decodable {
    var etagMatches: [String]?
    var etagDoesNotMatch: [String]?
    var uploadedBefore: Double?
    var uploadedAfter: Double?
    var secondsGranularity: Bool?

    var conditional: R2Conditional {
        R2Conditional(etagMatches: etagMatches, etagDoesNotMatch: etagDoesNotMatch,
                      uploadedBefore: uploadedBefore.map(date), uploadedAfter: uploadedAfter.map(date),
                      secondsGranularity: secondsGranularity ?? false)
    }
}

struct R2HTTPMetadataJSON: Decodable {
    var contentType, contentLanguage, contentDisposition, contentEncoding, cacheControl: String?
    var cacheExpiry: Double?

    var metadata: R2HTTPMetadata {
        R2HTTPMetadata(contentType: contentType, contentLanguage: contentLanguage, contentDisposition: contentDisposition,
                       contentEncoding: contentEncoding, cacheControl: cacheControl, cacheExpiry: cacheExpiry.map(date))
    }
}

struct R2GetOptionsJSON: Decodable {
    struct Range: Decodable { var offset: Int64?; var length: Int64?; var suffix: Int64? }
    var range: Range?
    var onlyIf: R2ConditionalJSON?

    var storageRange: R2Range? {
        guard let range else { return nil }
        if let suffix = range.suffix { return .suffix(suffix) }
        if let offset = range.offset { return .offset(offset, length: range.length) }
        if let length = range.length { return .length(length) }
        return nil
    }
}

struct R2PutOptionsJSON: Decodable {
    var httpMetadata: R2HTTPMetadataJSON?
    var customMetadata: [String: String]?
    var checksums: [String: String]?
    var onlyIf: R2ConditionalJSON?

    func options() throws -> R2PutOptions {
        var sums = R2Checksums()
        for (name, hex) in checksums ?? [:] {
            let bytes = try hexBytes(hex, name)
            switch name {
            case "md5": sums.md5 = bytes
            case "sha1": sums.sha1 = bytes
            case "sha256": sums.sha256 = bytes
            case "sha384": sums.sha384 = bytes
            case "sha512": sums.sha512 = bytes
            default: throw R2BindingError.type("put: unknown checksum \(name)")
            }
        }
        return R2PutOptions(httpMetadata: httpMetadata?.metadata ?? R2HTTPMetadata(), customMetadata: customMetadata ?? [:],
                            checksums: sums, onlyIf: onlyIf?.conditional)
    }

    var multipartOptions: R2MultipartOptions {
        R2MultipartOptions(httpMetadata: httpMetadata?.metadata ?? R2HTTPMetadata(), customMetadata: customMetadata ?? [:])
    }
}

struct R2ListOptionsJSON: Decodable {
    var prefix: String?
    var limit: Int?
    var cursor: String?
    var delimiter: String?
    var startAfter: String?
    var include: [String]?

    var options: R2ListOptions {
        R2ListOptions(prefix: prefix, limit: limit ?? 1000, cursor: cursor, delimiter: delimiter, startAfter: startAfter,
                      includeHTTPMetadata: include?.contains("httpMetadata") ?? false,
                      includeCustomMetadata: include?.contains("customMetadata") ?? false)
    }
}

private func date(_ milliseconds: Double) -> Date { Date(timeIntervalSince1970: milliseconds / 1000) }

private func hexBytes(_ hex: String, _ name: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0, let bytes = Optional(stride(from: 0, to: digits.count, by: 2).compactMap({
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
    })), bytes.count * 2 == digits.count else {
        throw R2BindingError.type("put: the \(name) checksum must be a hex string or an ArrayBuffer")
    }
    return bytes
}

/// Decodes `text` (JSON the glue produced) as `T`.
func decodeR2Options<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
        throw R2BindingError.type("R2 options could not be read: \(error)")
    }
}
