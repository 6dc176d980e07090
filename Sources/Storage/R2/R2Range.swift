import Foundation

/// The `range` option of `get`: `{offset, length}`, `{offset}`, `{length}` or `{suffix}`.
public enum R2Range: Equatable, Sendable {
    case offset(Int64, length: Int64?)
    case length(Int64)
    case suffix(Int64)

    /// The bytes this range selects in an object of `size` bytes, or `InvalidRange` as R2 answers it.
    func resolve(size: Int64) throws -> R2ByteRange {
        let invalid = R2Error("get", .invalidRange, "The requested range is not satisfiable")
        switch self {
        case .offset(let offset, let length):
            guard offset >= 0, length.map({ $0 >= 0 }) ?? true else { throw invalid }
            guard offset < size || (offset == 0 && size == 0) else { throw invalid }
            let available = size - offset
            return R2ByteRange(offset: offset, length: min(length ?? available, available))
        case .length(let length):
            guard length >= 0 else { throw invalid }
            return R2ByteRange(offset: 0, length: min(length, size))
        case .suffix(let suffix):
            guard suffix >= 0 else { throw invalid }
            let length = min(suffix, size)
            return R2ByteRange(offset: size - length, length: length)
        }
    }

    /// Parses an HTTP `Range` header (`bytes=0-99`, `bytes=100-`, `bytes=-100`); one range only, as R2.
    public init?(httpHeader: String) {
        let text = httpHeader.trimmingCharacters(in: .whitespaces).lowercased()
        guard text.hasPrefix("bytes=") else { return nil }
        let spec = text.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int64(last) else { return nil }
            self = .suffix(suffix)
        } else if last.isEmpty {
            guard let offset = Int64(first) else { return nil }
            self = .offset(offset, length: nil)
        } else {
            guard let offset = Int64(first), let end = Int64(last), end >= offset else { return nil }
            self = .offset(offset, length: end - offset + 1)
        }
    }
}
