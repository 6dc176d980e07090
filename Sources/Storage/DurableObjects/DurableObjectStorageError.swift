/// Invalid arguments to `state.storage`, worded as workerd words them. All are RangeErrors in JS
/// except `invalidOption`, which is a TypeError.
public enum DurableObjectStorageError: Error, CustomStringConvertible, Equatable, Sendable {
    case keyTooLarge(size: Int)
    case valueTooLarge(size: Int)
    case tooManyKeys(count: Int)
    case invalidOption(String)
    case invalidName(String)

    public static let maximumKeySize = 2048
    public static let maximumValueSize = 128 * 1024
    public static let maximumKeysPerCall = 128

    public var description: String {
        switch self {
        case .keyTooLarge(let size):
            return "Keys cannot be larger than \(Self.maximumKeySize) bytes. A key of size \(size) was provided."
        case .valueTooLarge(let size):
            return "Values cannot be larger than \(Self.maximumValueSize) bytes. A value of size \(size) was provided."
        case .tooManyKeys(let count):
            return "Maximum number of keys is \(Self.maximumKeysPerCall), but \(count) were provided."
        case .invalidOption(let message):
            return message
        case .invalidName(let message):
            return message
        }
    }

    public var isTypeError: Bool {
        if case .invalidOption = self { return true }
        return false
    }
}
