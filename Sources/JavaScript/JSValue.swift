import CJavaScriptCore
import Foundation

/// A JavaScript value, protected from garbage collection for as long as Swift holds it.
///
/// Use a JSValue only on its isolate's thread (inside `Isolate.run`/`enqueue` closures and native callbacks).
/// Releasing the last reference is safe from any thread: off-thread releases are handed to the isolate.
public final class JSValue: @unchecked Sendable {
    public let ref: JSValueRef
    public let context: JSContext
    /// Whether this wrapper holds a JSValueProtect. Numbers, booleans, null and undefined are not GC cells and
    /// need none; arguments of a native call start unprotected and are protected only if they escape the call.
    private var isProtected: Bool

    public init(_ context: JSContext, _ ref: JSValueRef) {
        self.context = context
        self.ref = ref
        isProtected = Self.isCell(ref)
        if isProtected { JSValueProtect(context.ref, ref) }
    }

    /// A value kept alive by the JS stack for the duration of a native call (no protect yet).
    init(borrowing ref: JSValueRef, in context: JSContext) {
        self.context = context
        self.ref = ref
        isProtected = false
    }

    /// Protects a borrowed value that Swift keeps beyond the native call that produced it.
    func protectIfBorrowed() {
        guard !isProtected, Self.isCell(ref) else { return }
        isProtected = true
        JSValueProtect(context.ref, ref)
    }

    deinit {
        if isProtected { context.release(ref) }
    }

    /// JSC encodes values in 64 bits (JSVALUE64): numbers carry tag bits in the top 15 bits and the other
    /// immediates (null, undefined, booleans) have bit 1 set; everything else is a pointer to a GC cell.
    /// Checking the bits avoids taking the VM lock for immediates.
    private static func isCell(_ ref: JSValueRef) -> Bool {
        let bits = UInt64(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(ref))))
        return bits & (0xFFFE_0000_0000_0000 | 0x2) == 0
    }

    var ctx: JSGlobalContextRef { context.ref }

    // MARK: Type checks

    public var type: JSType { JSValueGetType(ctx, ref) }
    public var isUndefined: Bool { JSValueIsUndefined(ctx, ref) }
    public var isNull: Bool { JSValueIsNull(ctx, ref) }
    /// `undefined` or `null`.
    public var isNullish: Bool { isUndefined || isNull }
    public var isBoolean: Bool { JSValueIsBoolean(ctx, ref) }
    public var isNumber: Bool { JSValueIsNumber(ctx, ref) }
    public var isString: Bool { JSValueIsString(ctx, ref) }
    public var isSymbol: Bool { JSValueIsSymbol(ctx, ref) }
    public var isObject: Bool { JSValueIsObject(ctx, ref) }
    public var isArray: Bool { JSValueIsArray(ctx, ref) }
    public var isDate: Bool { JSValueIsDate(ctx, ref) }
    public var isFunction: Bool {
        guard let object = JSValueToObject(ctx, ref, nil) else { return false }
        return JSObjectIsFunction(ctx, object)
    }
    public var isConstructor: Bool {
        guard let object = JSValueToObject(ctx, ref, nil) else { return false }
        return JSObjectIsConstructor(ctx, object)
    }
    /// A native Promise (thenables that are not promises return false).
    public var isPromise: Bool {
        isObject && (try? context.helper("v => v instanceof Promise").call([self]).toBool()) == true
    }

    /// The value as an object reference, or a TypeError for primitives.
    func objectRef() throws -> JSObjectRef {
        guard isObject, let object = JSValueToObject(ctx, ref, nil) else {
            throw JSError.typeError("\(describeType()) is not an object")
        }
        return object
    }

    /// "undefined", "null", "number 3", "object", ... for error messages.
    func describeType() -> String {
        switch type {
        case kJSTypeUndefined: return "undefined"
        case kJSTypeNull: return "null"
        case kJSTypeBoolean: return "boolean"
        case kJSTypeNumber: return "number"
        case kJSTypeString: return "string"
        case kJSTypeSymbol: return "symbol"
        default: return isFunction ? "function" : "object"
        }
    }

    // MARK: Comparison

    /// `===`
    public func strictEquals(_ other: JSValue) -> Bool { JSValueIsStrictEqual(ctx, ref, other.ref) }

    /// `value instanceof constructor`.
    public func isInstance(of constructor: JSValue) throws -> Bool {
        let ctor = try constructor.objectRef()
        return try context.check { JSValueIsInstanceOfConstructor(ctx, ref, ctor, $0) }
    }
}

extension JSValue: CustomStringConvertible {
    /// `String(value)` in JS, or a placeholder when conversion throws.
    public var description: String { (try? toString()) ?? "<\(describeType())>" }
}
