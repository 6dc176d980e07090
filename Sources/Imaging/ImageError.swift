/// Why an image could not be decoded or transformed; the text names the problem for the HTTP error
/// the Worker answers with.
public enum ImageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Neither a JPEG nor a PNG signature.
    case unsupportedFormat(String)
    case invalid(String)
    case truncated(String)
    /// Width × height above the decoder's limit (a decompression bomb), refused before allocating.
    case tooLarge(String)
    case outOfMemory(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let message), .invalid(let message), .truncated(let message),
             .tooLarge(let message), .outOfMemory(let message), .invalidArgument(let message):
            return message
        }
    }
}
