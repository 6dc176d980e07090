import CJavaScriptCore
import Foundation
import JavaScript

/// WebIDL's number conversions (WebIDL §3.2.4) as the WebGPU IDL uses them: every integer it takes from the
/// compute subset is `[EnforceRange]` (NaN, infinities and out-of-range values are TypeErrors; fractions
/// truncate), except `maxAnisotropy`, which is `[Clamp]`. `what` names the value for messages.
enum WebIDLNumbers {
    /// `[EnforceRange] unsigned long` (GPUIndex32, GPUSize32, GPUBufferUsageFlags, ...).
    static func unsignedLong(_ value: JSValue, _ what: @autoclosure () -> String) throws -> UInt32 {
        UInt32(try enforce(toNumber(value, what()), max: Double(UInt32.max), what()))
    }

    /// `[EnforceRange] unsigned long long` (GPUSize64): up to 2^53 − 1, the largest integer a double holds exactly.
    static func unsignedLongLong(_ value: JSValue, _ what: @autoclosure () -> String) throws -> UInt64 {
        UInt64(try enforce(toNumber(value, what()), max: 9_007_199_254_740_991, what()))
    }

    /// `[Clamp] unsigned short`: NaN is 0, values clamp to 0...65535 and round half to even.
    static func clampedUnsignedShort(_ value: JSValue, _ what: @autoclosure () -> String) throws -> UInt16 {
        let number = try toNumber(value, what())
        if number.isNaN { return 0 }
        return UInt16(min(max(number, 0), 65_535).rounded(.toNearestOrEven))
    }

    /// `double`: finite only (`unrestricted double` is not used by the compute subset).
    static func double(_ value: JSValue, _ what: @autoclosure () -> String) throws -> Double {
        let number = try toNumber(value, what())
        guard number.isFinite else { throw JSError.typeError("\(what()) is not a finite number.") }
        return number
    }

    /// `float`: a finite double that also fits a Float.
    static func float(_ value: JSValue, _ what: @autoclosure () -> String) throws -> Float {
        let number = try double(value, what())
        guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw JSError.typeError("\(what()) is outside the range of a float.")
        }
        return Float(number)
    }

    private static func toNumber(_ value: JSValue, _ what: @autoclosure () -> String) throws -> Double {
        if value.isNumber { return JSValueToNumber(value.context.ref, value.ref, nil) }  // the common case, no checks needed
        if value.isSymbol { throw JSError.typeError("\(what()): cannot convert a Symbol to a number.") }
        if value.typeName == "bigint" { throw JSError.typeError("\(what()): cannot convert a BigInt to a number.") }
        return try value.toDouble()
    }

    private static func enforce(_ number: Double, max: Double, _ what: @autoclosure () -> String) throws -> Double {
        guard number.isFinite else { throw JSError.typeError("\(what()) is not a finite number (EnforceRange).") }
        let integer = number.rounded(.towardZero)
        guard integer >= 0, integer <= max else {
            throw JSError.typeError("\(what()) (\(format(number))) is outside the range 0...\(format(max)) (EnforceRange).")
        }
        return integer
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e18 ? String(Int64(number)) : String(number)
    }
}

extension JSValue {
    /// `typeof value`, computed without running JS.
    var typeName: String {
        switch type {
        case kJSTypeUndefined: "undefined"
        case kJSTypeNull: "object"
        case kJSTypeBoolean: "boolean"
        case kJSTypeNumber: "number"
        case kJSTypeString: "string"
        case kJSTypeSymbol: "symbol"
        case kJSTypeObject: isFunction ? "function" : "object"
        default: "bigint"
        }
    }
}
