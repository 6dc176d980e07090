import Foundation
import CJavaScriptCore
import JavaScript

/// WebIDL's integer conversions (WebIDL §3.2.4): `[EnforceRange]` rejects NaN, infinities and values outside the
/// type's range with a TypeError; without it, values wrap modulo 2^N as ECMAScript's ToUint32 does.
/// `what` names the member being converted ("GPUBufferDescriptor.size") for the error message.
enum WebIDLNumbers {
    /// `unsigned long` (GPUIndex32, GPUSize32, GPUBufferUsageFlags, ...).
    static func unsignedLong(_ value: JSValue, enforceRange: Bool, _ what: String) throws -> UInt32 {
        let number = try toNumber(value, what)
        if enforceRange { return UInt32(try enforce(number, max: Double(UInt32.max), what)) }
        return UInt32(truncatingIfNeeded: Int64(wrapping(number, modulo: 4_294_967_296)))
    }

    /// `unsigned long long` (GPUSize64): values up to 2^53 − 1, the largest integer a double holds exactly.
    static func unsignedLongLong(_ value: JSValue, enforceRange: Bool, _ what: String) throws -> UInt64 {
        let number = try toNumber(value, what)
        if enforceRange { return UInt64(try enforce(number, max: 9_007_199_254_740_991, what)) }
        return UInt64(wrapping(number, modulo: 18_446_744_073_709_551_616).clamped(to: 0...9_007_199_254_740_991))
    }

    /// `unsigned short`.
    static func unsignedShort(_ value: JSValue, enforceRange: Bool, _ what: String) throws -> UInt16 {
        let number = try toNumber(value, what)
        if enforceRange { return UInt16(try enforce(number, max: 65_535, what)) }
        return UInt16(truncatingIfNeeded: Int64(wrapping(number, modulo: 65_536)))
    }

    /// `double`: finite only (`unrestricted double` is not used by the compute subset).
    static func double(_ value: JSValue, _ what: String) throws -> Double {
        let number = try toNumber(value, what)
        guard number.isFinite else { throw JSError.typeError("\(what) is not a finite number.") }
        return number
    }

    /// `float`: a finite double that also fits a Float.
    static func float(_ value: JSValue, _ what: String) throws -> Float {
        let number = try double(value, what)
        guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw JSError.typeError("\(what) is outside the range of a float.")
        }
        return Float(number)
    }

    private static func toNumber(_ value: JSValue, _ what: String) throws -> Double {
        if value.isSymbol { throw JSError.typeError("\(what): cannot convert a Symbol to a number.") }
        if value.typeName == "bigint" { throw JSError.typeError("\(what): cannot convert a BigInt to a number.") }
        return try value.toDouble()
    }

    private static func enforce(_ number: Double, max: Double, _ what: String) throws -> Double {
        guard number.isFinite else { throw JSError.typeError("\(what) is not a finite number (EnforceRange).") }
        let integer = number.rounded(.towardZero)
        guard integer >= 0, integer <= max else {
            throw JSError.typeError("\(what) (\(format(number))) is outside the range 0...\(format(max)) (EnforceRange).")
        }
        return integer
    }

    /// ECMAScript's ToUintN: truncate toward zero, then reduce modulo 2^N into [0, 2^N).
    private static func wrapping(_ number: Double, modulo: Double) -> Double {
        guard number.isFinite else { return 0 }
        let reduced = number.rounded(.towardZero).truncatingRemainder(dividingBy: modulo)
        return reduced < 0 ? reduced + modulo : reduced
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e21 ? String(Int64(number)) : String(number)
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
