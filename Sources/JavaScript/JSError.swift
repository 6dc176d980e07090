import CJavaScriptCore

/// A JavaScript error crossing into Swift, or a Swift error meant to become a specific JS error type.
///
/// JS → Swift: exceptions thrown by JS surface as `JSError` with the error's `name`, `message`, `stack` and
/// location, and the thrown value itself in `value`.
/// Swift → JS (thrown from a native function): `value`, when set, is rethrown as is; otherwise a new error is
/// created: `Error`/`TypeError`/`RangeError`/`SyntaxError`/`ReferenceError` by name, a `DOMException` (the
/// global one, if installed) for `domException(_:_:)`, and an `Error` whose `name` is set for any other name.
public struct JSError: Error, CustomStringConvertible, @unchecked Sendable {
    public var name: String
    public var message: String
    public var stack: String = ""
    public var sourceURL: String?
    public var line: Int?
    public var column: Int?
    /// The thrown JS value (kept so rethrowing it into JS preserves identity).
    public var value: JSValue?
    /// True when created with `domException(_:_:)`.
    public var isDOMException = false
    /// True when the isolate's CPU-time limit stopped the script.
    public var exceededCPUTimeLimit = false

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public static func error(_ message: String) -> JSError { JSError(name: "Error", message: message) }
    public static func typeError(_ message: String) -> JSError { JSError(name: "TypeError", message: message) }
    public static func rangeError(_ message: String) -> JSError { JSError(name: "RangeError", message: message) }
    public static func syntaxError(_ message: String) -> JSError { JSError(name: "SyntaxError", message: message) }
    public static func referenceError(_ message: String) -> JSError {
        JSError(name: "ReferenceError", message: message)
    }

    /// A DOMException with a WebIDL name such as "AbortError", "InvalidStateError", "OperationError".
    public static func domException(_ name: String, _ message: String) -> JSError {
        var error = JSError(name: name, message: message)
        error.isDOMException = true
        return error
    }

    public var description: String {
        var text = message.isEmpty ? name : "\(name): \(message)"
        // Module loader errors already name their location in the message.
        if let sourceURL, let line, !message.contains("\(sourceURL):\(line)") {
            text += " (\(sourceURL):\(line)\(column.map { ":\($0)" } ?? ""))"
        }
        return text
    }

    /// Reads name/message/stack/location from a thrown JS value.
    init(thrown: JSValue) {
        let isolate = thrown.context.isolate
        if isolate.terminatedByTimeLimit {
            // The stop is delivered as this error: the isolate's top-level call does not report it again.
            isolate.terminatedByTimeLimit = false
            let limit = isolate.cpuTimeLimitSeconds.map { " of \(Int(($0 * 1000).rounded())) ms" } ?? ""
            self.init(name: "Error", message: "Script exceeded the CPU time limit\(limit) and was stopped")
            exceededCPUTimeLimit = true
            value = thrown.context.error(self)
            return
        }
        guard thrown.isObject else {
            self.init(name: "Error", message: thrown.description)
            value = thrown
            return
        }
        let name = thrown["name"]
        self.init(name: name.isUndefined ? "Error" : name.description, message: thrown["message"].string ?? "")
        if !thrown["message"].isString && !thrown["name"].isString { message = thrown.description }
        stack = thrown["stack"].string ?? ""
        sourceURL = thrown["sourceURL"].string
        line = thrown["line"].int
        column = thrown["column"].int
        value = thrown
    }
}

/// A Swift error that knows which JS error it should become when thrown from a native function.
public protocol JSErrorConvertible: Error {
    var jsError: JSError { get }
}

extension JSContext {
    private static let builtinErrorNames: Set<String> = [
        "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError",
    ]

    /// Creates the JS value to throw for a Swift error.
    func makeErrorValue(_ error: Error) -> JSValueRef {
        let jsError: JSError
        switch error {
        case let error as JSError: jsError = error
        case let error as JSErrorConvertible: jsError = error.jsError
        default: jsError = .error(String(describing: error))
        }
        if let value = jsError.value { return value.ref }
        do {
            let message = string(jsError.message)
            if jsError.isDOMException, let domException = try? global.get("DOMException"), domException.isConstructor {
                return try domException.construct([message, string(jsError.name)]).ref
            }
            let constructorName = Self.builtinErrorNames.contains(jsError.name) ? jsError.name : "Error"
            let created = try global.get(constructorName).construct([message])
            if constructorName != jsError.name { try created.define("name", string(jsError.name)) }
            // JSC stamps the construction site (this helper) as the location; a located Swift error (a module
            // syntax or resolution error) keeps its own, so it survives the trip through a rejected promise.
            if let sourceURL = jsError.sourceURL, let line = jsError.line {
                try created.define("sourceURL", string(sourceURL))
                try created.define("line", number(line))
                if let column = jsError.column { try created.define("column", number(column)) }
            }
            return created.ref
        } catch {
            // Only reachable if user code replaced the global error constructors with throwing ones.
            return string("\(jsError.name): \(jsError.message)").ref
        }
    }
}
