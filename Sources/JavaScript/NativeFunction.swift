import CJavaScriptCore
import Foundation

/// The arguments of a native call. Reading past the end gives `undefined`, as in JS. Values are wrapped on
/// first access, so a native function pays only for the arguments it reads.
public struct JSArguments: RandomAccessCollection {
    var storage: ArgumentStorage

    init(values: [JSValue], this: JSValue, context: JSContext) {
        storage = ArgumentStorage(values: values, this: this, context: context)
    }

    init(storage: ArgumentStorage) { self.storage = storage }

    /// The arguments as an array (a copy; keeping it is fine).
    public var values: [JSValue] { indices.map { storage.value(at: $0) } }
    /// The receiver (`this`) of the call.
    public var this: JSValue { storage.this }
    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    public subscript(position: Int) -> JSValue {
        position >= 0 && position < storage.count ? storage.value(at: position) : storage.context.undefined
    }
}

/// Backing of JSArguments. During a native call it reads JSC's argument array directly; when the call returns,
/// values Swift kept are protected (they are no longer on the JS stack), and if the arguments object itself was
/// kept, all values are wrapped and protected so it stays usable.
final class ArgumentStorage {
    unowned(unsafe) let context: JSContext
    let count: Int
    let this: JSValue
    private var raw: UnsafePointer<JSValueRef?>?
    private var wrapped: [JSValue?]

    /// Arguments borrowed from a native call in progress.
    init(raw: UnsafePointer<JSValueRef?>?, count: Int, this: JSValue, context: JSContext) {
        self.context = context
        self.count = count
        self.this = this
        self.raw = raw
        wrapped = []
    }

    /// Arguments that are already protected values.
    init(values: [JSValue], this: JSValue, context: JSContext) {
        self.context = context
        count = values.count
        self.this = this
        raw = nil
        wrapped = values
    }

    func value(at index: Int) -> JSValue {
        if !wrapped.isEmpty, let value = wrapped[index] { return value }
        if wrapped.isEmpty { wrapped = Array(repeating: nil, count: count) }
        let value = JSValue(borrowing: raw?[index] ?? JSValueMakeUndefined(context.ref), in: context)
        wrapped[index] = value
        return value
    }

    /// Ends the borrow: protects the argument values and `this` if Swift kept them past the call.
    static func finishCall(_ storage: inout ArgumentStorage?, this: inout JSValue) {
        var argumentsEscaped = false
        if var held = storage {
            storage = nil  // `held` is now the call's only reference
            argumentsEscaped = !isKnownUniquelyReferenced(&held)
            held.endBorrow(escaped: argumentsEscaped)
        }
        if argumentsEscaped || !isKnownUniquelyReferenced(&this) { this.protectIfBorrowed() }
    }

    private func endBorrow(escaped: Bool) {
        if escaped {
            for index in 0..<count { value(at: index).protectIfBorrowed() }
        } else {
            for index in wrapped.indices where wrapped[index] != nil {
                if !isKnownUniquelyReferenced(&wrapped[index]!) { wrapped[index]!.protectIfBorrowed() }
            }
        }
        raw = nil
    }
}

/// The Swift body of a native JS function: `(context, this, arguments) -> result`.
public typealias NativeFunctionBody = (JSContext, JSValue, JSArguments) throws -> JSValue

extension JSContext {
    /// A JS function backed by a Swift closure. It is a real function object (Function.prototype, `name`,
    /// `length`, call/apply/bind). Errors the closure throws become JS exceptions (see `JSError`).
    public func function(_ name: String, length: Int = 0, _ body: @escaping NativeFunctionBody) -> JSValue {
        let box = Unmanaged.passRetained(NativeFunctionBox(context: self, body: body)).toOpaque()
        let function = JSValue(self, JSObjectMake(ref, functionClass, box))
        // JSObjectMake gives Object.prototype; a function needs Function.prototype for call/apply/bind.
        JSObjectSetPrototype(ref, JSValueToObject(ref, function.ref, nil), helper("Function.prototype").ref)
        // Function.prototype has read-only `name`/`length`, so plain sets would fail: define own properties.
        _ = try? helper("""
            (f, name, length) => Object.defineProperties(f, {
              length: { value: length, configurable: true }, name: { value: name, configurable: true } })
            """).call([function, string(name), number(length)])
        return function
    }
}

/// Holds the closure of a native function; its JS object owns one retain, released by the finalizer.
final class NativeFunctionBox {
    /// The context outlives its functions: they are finalized when it is released.
    unowned(unsafe) let context: JSContext
    let body: NativeFunctionBody

    init(context: JSContext, body: @escaping NativeFunctionBody) {
        self.context = context
        self.body = body
    }

    static func makeClass() -> JSClassRef {
        var definition = kJSClassDefinitionEmpty
        definition.className = nativeFunctionClassName
        definition.attributes = JSClassAttributes(kJSClassAttributeNoAutomaticPrototype)
        definition.callAsFunction = { _, function, thisObject, argumentCount, arguments, exception in
            guard let function, let data = JSObjectGetPrivate(function) else { return nil }
            let box = Unmanaged<NativeFunctionBox>.fromOpaque(data).takeUnretainedValue()
            return box.invoke(thisObject: thisObject, count: argumentCount, arguments: arguments, exception: exception)
        }
        definition.finalize = { object in
            guard let object, let data = JSObjectGetPrivate(object) else { return }
            Unmanaged<NativeFunctionBox>.fromOpaque(data).release()
        }
        return JSClassCreate(&definition)
    }

    func invoke(thisObject: JSObjectRef?, count: Int, arguments: UnsafePointer<JSValueRef?>?,
                exception: UnsafeMutablePointer<JSValueRef?>?) -> JSValueRef? {
        var this = thisObject.map { JSValue(borrowing: $0, in: context) } ?? context.undefined
        var storage: ArgumentStorage? = ArgumentStorage(raw: arguments, count: count, this: this, context: context)
        defer { ArgumentStorage.finishCall(&storage, this: &this) }
        do {
            return try body(context, this, JSArguments(storage: storage!)).ref
        } catch {
            exception?.pointee = context.makeErrorValue(error)
            return nil
        }
    }
}

private let nativeFunctionClassName: UnsafePointer<CChar> = {
    let name = strdup("Function")!
    return UnsafePointer(name)
}()
