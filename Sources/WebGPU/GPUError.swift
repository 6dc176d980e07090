/// An error on the device timeline, as WebGPU's `GPUValidationError` / `GPUOutOfMemoryError` /
/// `GPUInternalError`: caught by an error scope or delivered to the uncaptured-error handler.
public struct GPUError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case validation, outOfMemory, `internal`
    }

    public let kind: Kind
    /// wgpu's message, unchanged.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "GPU \(kind.rawValue) error: \(message)" }
}
