/// Failures of the storage layer that are not R2 or Durable Object API errors (those have their own types).
public enum StorageError: Error, CustomStringConvertible, Equatable {
    /// SQLite refused an operation; the text names the statement.
    case database(String)
    /// A file operation failed; the text names the path and the errno message.
    case io(String)

    public var description: String {
        switch self {
        case .database(let message): return "storage database error: \(message)"
        case .io(let message): return "storage I/O error: \(message)"
        }
    }
}
