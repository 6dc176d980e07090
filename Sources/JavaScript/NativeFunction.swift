import CJavaScriptCore
import Foundation

/// The arguments of a native call. Reading past the end gives `undefined`, as in JS.
public struct JSArguments: RandomAccessCollection {
    public let values: [JSValue]
    /// The receiver (`this`) of the call.
    public let this: JSValue
    let context: JSContext

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(position: Int) -> JSValue {
        position < values.count ? values[position] : context.undefined
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
        try? function.define("length", number(length), writable: false)
        try? function.define("name", string(name), writable: false)
        return function
    }
}

/// Holds the closure of a native function; its JS object owns one retain, released by the finalizer.
final class NativeFunctionBox {
    unowned let context: JSContext
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
        let this = thisObject.map { JSValue(context, $0) } ?? context.undefined
        var values: [JSValue] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(JSValue(context, arguments?[index] ?? JSValueMakeUndefined(context.ref)))
        }
        do {
            return try body(context, this, JSArguments(values: values, this: this, context: context)).ref
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
