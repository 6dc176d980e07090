import CJavaScriptCore
import Foundation

/// A JS class whose instances carry a Swift payload. Created by `JSContext.defineClass`.
///
/// The constructor is a real JS class, so `instanceof`, `class Sub extends Native {}` and
/// `Object.prototype.toString` (via `Symbol.toStringTag`) behave as for built-ins. Methods and accessors live on
/// the prototype and throw "Illegal invocation" (TypeError) on a receiver that is not an instance.
/// Each instance retains its payload; the GC finalizer releases it. Do not store an instance's own JSValue in its
/// payload (that is a cycle the GC cannot see); keep such links in JS properties instead.
public class AnyNativeClass {
    public let name: String
    /// The constructor function (installed as `globalThis[name]` unless `global: false`).
    public let constructor: JSValue
    public let prototype: JSValue
    let jsClass: JSClassRef

    init(name: String, constructor: JSValue, prototype: JSValue, jsClass: JSClassRef) {
        self.name = name
        self.constructor = constructor
        self.prototype = prototype
        self.jsClass = jsClass
    }

    deinit { JSClassRelease(jsClass) }

    /// The payload of `value` if it is an instance of this class (or of a subclass), else nil.
    func anyPayload(of value: JSValue) -> AnyObject? {
        guard value.isObject, JSValueIsObjectOfClass(value.ctx, value.ref, jsClass),
              let object = JSValueToObject(value.ctx, value.ref, nil),
              let data = JSObjectGetPrivate(object) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(data).takeUnretainedValue()
    }
}

public final class NativeClass<Payload: AnyObject>: AnyNativeClass {
    /// A new instance wrapping `payload`, without running the JS constructor.
    public func wrap(_ payload: Payload) -> JSValue {
        let ctx = constructor.context
        let data = Unmanaged.passRetained(payload as AnyObject).toOpaque()
        let object = JSObjectMake(ctx.ref, jsClass, data)
        JSObjectSetPrototype(ctx.ref, object, prototype.ref)
        return JSValue(ctx, object!)
    }

    /// The payload if `value` is an instance, else nil.
    public func payload(of value: JSValue) -> Payload? { anyPayload(of: value) as? Payload }

    /// The payload, or a TypeError naming `what` ("argument 1 of GPUQueue.writeBuffer") when `value` is not one.
    /// `what` is built only for the error: call sites interpolate it, and this runs on every WebGPU call.
    public func unwrap(_ value: JSValue, _ what: @autoclosure () -> String = "value") throws -> Payload {
        guard let payload = payload(of: value) else { throw JSError.typeError("\(what()) is not a \(name)") }
        return payload
    }
}

/// Collects the members of a native class; passed to the `defineClass` closure.
public struct NativeClassBuilder<Payload: AnyObject> {
    public typealias Constructor = (JSContext, JSArguments) throws -> Payload
    /// `(context, payload of this, arguments)`; `arguments.this` is the receiver.
    public typealias Method = (JSContext, Payload, JSArguments) throws -> JSValue
    public typealias Getter = (JSContext, Payload) throws -> JSValue
    public typealias Setter = (JSContext, Payload, JSValue) throws -> Void

    struct Accessor {
        let get: Getter
        let set: Setter?
    }

    var constructorBody: Constructor?
    var constructorLength = 0
    var methods: [(name: String, length: Int, body: Method)] = []
    var accessors: [(name: String, accessor: Accessor)] = []
    var values: [(name: String, value: JSValue)] = []
    var staticMethods: [(name: String, length: Int, body: NativeFunctionBody)] = []
    var staticValues: [(name: String, value: JSValue)] = []

    /// Makes `new Name(...)` create an instance from the payload `body` returns. Without it the constructor
    /// throws "Illegal constructor" (instances then come only from `NativeClass.wrap`).
    public mutating func constructor(length: Int = 0, _ body: @escaping Constructor) {
        constructorBody = body
        constructorLength = length
    }

    public mutating func method(_ name: String, length: Int = 0, _ body: @escaping Method) {
        methods.append((name, length, body))
    }

    /// A read-only accessor.
    public mutating func getter(_ name: String, _ get: @escaping Getter) {
        accessors.append((name, Accessor(get: get, set: nil)))
    }

    public mutating func accessor(_ name: String, get: @escaping Getter, set: @escaping Setter) {
        accessors.append((name, Accessor(get: get, set: set)))
    }

    /// A constant on the prototype (e.g. a WebIDL constant also reachable from instances).
    public mutating func value(_ name: String, _ value: JSValue) { values.append((name, value)) }

    public mutating func staticMethod(_ name: String, length: Int = 0, _ body: @escaping NativeFunctionBody) {
        staticMethods.append((name, length, body))
    }

    public mutating func staticValue(_ name: String, _ value: JSValue) { staticValues.append((name, value)) }
}
