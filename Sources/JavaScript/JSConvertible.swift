import Foundation

/// A Swift value that has a natural JS representation.
public protocol JSConvertible {
    func jsValue(in context: JSContext) throws -> JSValue
}

extension JSValue: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { self }
}

extension Double: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(self) }
}

extension Float: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(Double(self)) }
}

extension Int: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(Double(self)) }
}

extension Int32: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(Double(self)) }
}

extension UInt32: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(Double(self)) }
}

extension UInt64: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.number(Double(self)) }
}

extension Bool: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.bool(self) }
}

extension String: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.string(self) }
}

extension Substring: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { context.string(String(self)) }
}

extension Date: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue { try context.date(self) }
}

extension Optional: JSConvertible where Wrapped: JSConvertible {
    /// nil becomes `null`.
    public func jsValue(in context: JSContext) throws -> JSValue {
        guard let self else { return context.null }
        return try self.jsValue(in: context)
    }
}

extension Array: JSConvertible where Element: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue {
        try context.array(map { try $0.jsValue(in: context) })
    }
}

extension Dictionary: JSConvertible where Key == String, Value: JSConvertible {
    public func jsValue(in context: JSContext) throws -> JSValue {
        try context.object(mapValues { try $0.jsValue(in: context) })
    }
}
