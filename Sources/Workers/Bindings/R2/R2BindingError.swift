import JavaScript
import Storage

/// An argument the R2 binding refuses before touching storage (workerd's TypeError), and the mapping of
/// the Storage module's `R2Error` onto the JS error class workerd throws for it.
enum R2BindingError: Error, JSErrorConvertible {
    case type(String)

    var jsError: JSError {
        switch self {
        case .type(let message): return .typeError(message)
        }
    }

    /// The JS error for any failure of a binding call.
    static func js(_ error: Error) -> Error {
        if let error = error as? R2Error { return error.isRangeError ? JSError.rangeError(error.description) : JSError.error(error.description) }
        if let error = error as? StorageError { return JSError.error("R2: \(error)") }
        return error
    }
}
