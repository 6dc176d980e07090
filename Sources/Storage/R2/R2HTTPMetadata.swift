import Foundation

/// The HTTP headers R2 stores with an object (`httpMetadata` in the Workers API).
public struct R2HTTPMetadata: Codable, Equatable, Sendable {
    public var contentType: String?
    public var contentLanguage: String?
    public var contentDisposition: String?
    public var contentEncoding: String?
    public var cacheControl: String?
    public var cacheExpiry: Date?

    public init(contentType: String? = nil, contentLanguage: String? = nil, contentDisposition: String? = nil,
                contentEncoding: String? = nil, cacheControl: String? = nil, cacheExpiry: Date? = nil) {
        self.contentType = contentType
        self.contentLanguage = contentLanguage
        self.contentDisposition = contentDisposition
        self.contentEncoding = contentEncoding
        self.cacheControl = cacheControl
        self.cacheExpiry = cacheExpiry
    }

    /// The headers `writeHttpMetadata(headers)` sets, in header-name form.
    public var headers: [(name: String, value: String)] {
        var result: [(String, String)] = []
        if let contentType { result.append(("content-type", contentType)) }
        if let contentLanguage { result.append(("content-language", contentLanguage)) }
        if let contentDisposition { result.append(("content-disposition", contentDisposition)) }
        if let contentEncoding { result.append(("content-encoding", contentEncoding)) }
        if let cacheControl { result.append(("cache-control", cacheControl)) }
        if let cacheExpiry {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            result.append(("expires", formatter.string(from: cacheExpiry)))
        }
        return result
    }
}
