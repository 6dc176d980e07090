/// An R2 API failure, worded as workerd's R2 binding words it: `"<op>: <message> (<code>)"`.
/// `code` is R2's v4 error code; `isRangeError`/`isTypeError` tell the JS layer which JS error class to throw.
public struct R2Error: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Int, Sendable {
        case internalError = 10001
        case noSuchKey = 10007
        case entityTooSmall = 10011
        case metadataTooLarge = 10012
        case invalidObjectName = 10020
        case invalidMaxKeys = 10022
        case noSuchUpload = 10024
        case invalidPart = 10025
        case invalidArgument = 10029
        case preconditionFailed = 10031
        case badDigest = 10037
        case invalidRange = 10039
        case badUpload = 10048
        case invalidBucketName = 10005
    }

    public let operation: String
    public let kind: Kind
    public let message: String

    public init(_ operation: String, _ kind: Kind, _ message: String) {
        self.operation = operation
        self.kind = kind
        self.message = message
    }

    public var code: Int { kind.rawValue }
    public var description: String { "\(operation): \(message) (\(code))" }

    /// workerd throws RangeError for these (bad limits and ranges), plain Error for the rest.
    public var isRangeError: Bool { kind == .invalidRange || kind == .invalidMaxKeys }

    static func invalidKey(_ operation: String) -> R2Error {
        R2Error(operation, .invalidObjectName, "The specified object name is not valid.")
    }
}
