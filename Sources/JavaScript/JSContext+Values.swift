import CJavaScriptCore
import Foundation

// Factories for JS values. All must be called on the isolate thread.
extension JSContext {
    public var undefined: JSValue { JSValue(self, JSValueMakeUndefined(ref)) }
    public var null: JSValue { JSValue(self, JSValueMakeNull(ref)) }

    public func number(_ value: Double) -> JSValue { JSValue(self, JSValueMakeNumber(ref, value)) }
    public func number<I: BinaryInteger>(_ value: I) -> JSValue { number(Double(value)) }
    public func bool(_ value: Bool) -> JSValue { JSValue(self, JSValueMakeBoolean(ref, value)) }
    public func string(_ value: String) -> JSValue {
        withJSString(value) { JSValue(self, JSValueMakeString(ref, $0)) }
    }

    /// A new plain object (`{}`).
    public func object() -> JSValue { JSValue(self, JSObjectMake(ref, nil, nil)) }

    /// A plain object with the given properties.
    public func object(_ properties: [String: JSValue]) throws -> JSValue {
        let result = object()
        for (key, value) in properties { try result.set(key, value) }
        return result
    }

    public func array(_ elements: [JSValue]) throws -> JSValue {
        let refs: [JSValueRef?] = elements.map { $0.ref }
        let array = try check { exception in
            refs.withUnsafeBufferPointer { JSObjectMakeArray(ref, $0.count, $0.baseAddress, exception) }
        }
        return JSValue(self, array!)
    }

    public func date(_ date: Date) throws -> JSValue {
        let milliseconds: JSValueRef? = JSValueMakeNumber(ref, (date.timeIntervalSince1970 * 1000).rounded())
        let object = try check { exception in
            withUnsafePointer(to: milliseconds) { JSObjectMakeDate(ref, 1, $0, exception) }
        }
        return JSValue(self, object!)
    }

    /// Converts a Swift value (numbers, strings, bools, arrays, dictionaries, Date, nil, JSValue).
    public func value(_ value: (any JSConvertible)?) throws -> JSValue {
        guard let value else { return null }
        return try value.jsValue(in: self)
    }

    /// A JS error object for `error` (see `JSError` for the mapping).
    public func error(_ error: Error) -> JSValue { JSValue(self, makeErrorValue(error)) }

    /// Parses JSON text; throws a `SyntaxError` JSError when it is malformed.
    public func parseJSON(_ text: String) throws -> JSValue {
        let parsed = withJSString(text) { JSValueMakeFromJSONString(ref, $0) }
        guard let parsed else { throw JSError.syntaxError("JSON.parse: unexpected input") }
        return JSValue(self, parsed)
    }

    /// A new unique symbol (`Symbol(description)`).
    public func symbol(_ description: String) -> JSValue {
        withJSString(description) { JSValue(self, JSValueMakeSymbol(ref, $0)) }
    }
}
