/// Options of `put` (`R2PutOptions`): metadata to store, digests to verify, a condition to meet.
public struct R2PutOptions: Sendable {
    public var httpMetadata: R2HTTPMetadata
    public var customMetadata: [String: String]
    /// Digests the writer claims; each given one is verified and a mismatch rejects the put (BadDigest).
    public var checksums: R2Checksums
    public var onlyIf: R2Conditional?

    public init(httpMetadata: R2HTTPMetadata = R2HTTPMetadata(), customMetadata: [String: String] = [:],
                checksums: R2Checksums = R2Checksums(), onlyIf: R2Conditional? = nil) {
        self.httpMetadata = httpMetadata
        self.customMetadata = customMetadata
        self.checksums = checksums
        self.onlyIf = onlyIf
    }
}

/// Options of `list` (`R2ListOptions`).
public struct R2ListOptions: Sendable {
    public var prefix: String?
    public var limit: Int
    public var cursor: String?
    public var delimiter: String?
    public var startAfter: String?
    public var includeHTTPMetadata: Bool
    public var includeCustomMetadata: Bool

    public init(prefix: String? = nil, limit: Int = 1000, cursor: String? = nil, delimiter: String? = nil,
                startAfter: String? = nil, includeHTTPMetadata: Bool = false, includeCustomMetadata: Bool = false) {
        self.prefix = prefix
        self.limit = limit
        self.cursor = cursor
        self.delimiter = delimiter
        self.startAfter = startAfter
        self.includeHTTPMetadata = includeHTTPMetadata
        self.includeCustomMetadata = includeCustomMetadata
    }
}

/// The answer of `list` (`R2Objects`): `cursor` is set exactly when `truncated` is.
public struct R2ListResult: Sendable {
    public var objects: [R2Object]
    public var truncated: Bool
    public var cursor: String?
    public var delimitedPrefixes: [String]
}

/// The answer of `get`: the object with its (ranged) body, or, when `onlyIf` failed, the object without one.
public enum R2GetResult: Sendable {
    case body(R2ObjectBody)
    case preconditionFailed(R2Object)

    public var object: R2Object {
        switch self {
        case .body(let body): return body.object
        case .preconditionFailed(let object): return object
        }
    }
}
