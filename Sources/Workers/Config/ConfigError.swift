/// A configuration problem: one message that names the file and the key (or line) at fault.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// A non-fatal remark about the configuration, such as a key Kiln does not know.
public struct ConfigWarning: CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let message: String

    public var description: String { "\(file): \(message)" }
}
