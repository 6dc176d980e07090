import CJavaScriptCore
import Foundation

// JS → Swift conversions, with JS semantics (ToNumber, ToString, ToBoolean); conversions that can run user
// code (valueOf/toString) throw the JS exception.
extension JSValue {
    public func toDouble() throws -> Double { try context.check { JSValueToNumber(ctx, ref, $0) } }

    /// ToInt32 (wraps modulo 2^32, NaN → 0).
    public func toInt32() throws -> Int32 {
        let number = try toDouble()
        guard number.isFinite else { return 0 }
        let wrapped = number.truncatingRemainder(dividingBy: 4_294_967_296)
        return Int32(truncatingIfNeeded: Int64(wrapped))
    }

    /// An integer when the value is a number with an integral value in range, else nil.
    public var int: Int? {
        guard isNumber, let number = try? toDouble(), number.rounded() == number, abs(number) < 9.007e15 else {
            return nil
        }
        return Int(number)
    }

    public func toString() throws -> String {
        let string = try context.check { JSValueToStringCopy(ctx, ref, $0) }
        guard let string else { throw JSError.typeError("cannot convert \(describeType()) to a string") }
        defer { JSStringRelease(string) }
        return String(jsString: string)
    }

    public func toBool() -> Bool { JSValueToBoolean(ctx, ref) }

    /// The number if this is a number value (no coercion).
    public var number: Double? { isNumber ? JSValueToNumber(ctx, ref, nil) : nil }
    /// The string if this is a string value (no coercion).
    public var string: String? { isString ? try? toString() : nil }
    /// The boolean if this is a boolean value (no coercion).
    public var bool: Bool? { isBoolean ? JSValueToBoolean(ctx, ref) : nil }

    /// The elements of an array (or any object with a `length`), in order.
    public func toArray() throws -> [JSValue] {
        let length = try get("length").toDouble()
        guard length.isFinite, length >= 0, length < 4_294_967_296 else {
            throw JSError.rangeError("invalid array length \(length)")
        }
        return try (0..<Int(length)).map { try get(index: $0) }
    }

    public func toDate() throws -> Date? {
        guard isDate else { return nil }
        let milliseconds = try callMethod("getTime").toDouble()
        return milliseconds.isFinite ? Date(timeIntervalSince1970: milliseconds / 1000) : nil
    }

    /// Own enumerable string-keyed properties.
    public func toDictionary() throws -> [String: JSValue] {
        var result: [String: JSValue] = [:]
        for key in try keys() { result[key] = try get(key) }
        return result
    }

    /// `JSON.stringify(value)`; nil for values JSON cannot represent (undefined, functions).
    public func toJSON(indent: UInt32 = 0) throws -> String? {
        let string = try context.check { JSValueCreateJSONString(ctx, ref, indent, $0) }
        guard let string else { return nil }
        defer { JSStringRelease(string) }
        return String(jsString: string)
    }
}
