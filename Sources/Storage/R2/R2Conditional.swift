import Foundation

/// The `onlyIf` option (`R2Conditional`): etag lists may hold `*`; dates compare at second granularity
/// when `secondsGranularity` is set, as HTTP dates do.
public struct R2Conditional: Equatable, Sendable {
    public var etagMatches: [String]?
    public var etagDoesNotMatch: [String]?
    public var uploadedBefore: Date?
    public var uploadedAfter: Date?
    public var secondsGranularity: Bool

    public init(etagMatches: [String]? = nil, etagDoesNotMatch: [String]? = nil, uploadedBefore: Date? = nil,
                uploadedAfter: Date? = nil, secondsGranularity: Bool = false) {
        self.etagMatches = etagMatches
        self.etagDoesNotMatch = etagDoesNotMatch
        self.uploadedBefore = uploadedBefore
        self.uploadedAfter = uploadedAfter
        self.secondsGranularity = secondsGranularity
    }

    /// Whether `object` (nil when absent) passes, with S3's precedence: a present `etagMatches` overrides
    /// `uploadedBefore`, a present `etagDoesNotMatch` overrides `uploadedAfter`.
    func isSatisfied(by object: R2Object?) -> Bool {
        guard let object else {
            // Nothing stored: only an etag match requirement can fail.
            return etagMatches == nil
        }
        let uploaded = truncate(object.uploaded)
        if let etags = etagMatches {
            if !Self.list(etags, contains: object.etag) { return false }
        } else if let before = uploadedBefore, !(uploaded < truncate(before)) {
            return false
        }
        if let etags = etagDoesNotMatch {
            if Self.list(etags, contains: object.etag) { return false }
        } else if let after = uploadedAfter, !(uploaded > truncate(after)) {
            return false
        }
        return true
    }

    private func truncate(_ date: Date) -> Date {
        secondsGranularity ? Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) : date
    }

    private static func list(_ etags: [String], contains etag: String) -> Bool {
        etags.contains { candidate in
            var text = candidate.trimmingCharacters(in: .whitespaces)
            if text == "*" { return true }
            if text.hasPrefix("W/") { text.removeFirst(2) }
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text == etag
        }
    }

    /// Parses a comma-separated etag header value (`If-Match`/`If-None-Match`).
    public static func etags(fromHeader value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
