import CJavaScriptCore
import Foundation

extension JSContext {
    /// Defines a native class.
    /// - Parameters:
    ///   - name: the JS class name (also its `Symbol.toStringTag`).
    ///   - parent: a native superclass; its payload type must be a superclass of `Payload` for inherited
    ///     methods to accept instances of this class.
    ///   - global: install the constructor as a non-enumerable `globalThis[name]`.
    ///   - build: adds the constructor body, methods, accessors and static members.
    public func defineClass<Payload: AnyObject>(
        _ name: String, payload: Payload.Type, parent: AnyNativeClass? = nil, global: Bool = true,
        _ build: (inout NativeClassBuilder<Payload>) throws -> Void
    ) throws -> NativeClass<Payload> {
        var builder = NativeClassBuilder<Payload>()
        try build(&builder)

        let jsClass = Self.makeInstanceClass(name: name, parent: parent)
        // The constructor is created before the class object exists; `holder` lets it find the class.
        let holder = ClassHolder<Payload>()
        let constructBody = builder.constructorBody
        let construct = function("construct") { ctx, _, args in
            let newTarget = args[0]
            guard let constructBody, let nativeClass = holder.nativeClass else {
                throw JSError.typeError("Illegal constructor")
            }
            let arguments = try args[1].toArray()
            let payload = try constructBody(ctx, JSArguments(values: arguments, this: ctx.undefined, context: ctx))
            let instance = nativeClass.wrap(payload)
            // `class Sub extends Native`: the instance takes the subclass's prototype.
            let prototype = try newTarget.get("prototype")
            if prototype.isObject { JSObjectSetPrototype(ctx.ref, try instance.objectRef(), prototype.ref) }
            return instance
        }
        let constructor = try helper("""
            (name, construct, length, Parent) => {
              const C = Parent === undefined
                ? class { constructor(...args) { return construct(new.target, args); } }
                : class extends Parent { constructor(...args) { return construct(new.target, args); } };
              Object.defineProperty(C, "name", { value: name });
              Object.defineProperty(C, "length", { value: length });
              Object.defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true });
              return C;
            }
            """).call([string(name), construct, number(builder.constructorLength), parent?.constructor ?? undefined])
        let prototype = try constructor.get("prototype")
        let nativeClass = NativeClass<Payload>(name: name, constructor: constructor, prototype: prototype,
                                               jsClass: jsClass)
        holder.nativeClass = nativeClass
        try install(builder, on: nativeClass)
        if global { try self.global.define(name, constructor) }
        return nativeClass
    }

    private func install<Payload>(_ builder: NativeClassBuilder<Payload>, on nativeClass: NativeClass<Payload>) throws {
        let className = nativeClass.name
        let receiver: (JSValue) throws -> Payload = { this in
            guard let payload = nativeClass.payload(of: this) else {
                throw JSError.typeError("Illegal invocation: receiver is not a \(className)")
            }
            return payload
        }
        for method in builder.methods {
            let body = method.body
            let fn = function(method.name, length: method.length) { ctx, this, args in
                try body(ctx, receiver(this), args)
            }
            try nativeClass.prototype.define(method.name, fn, enumerable: true)
        }
        for (name, accessor) in builder.accessors {
            let get = accessor.get
            let getter = function("get \(name)") { ctx, this, _ in try get(ctx, receiver(this)) }
            let setter = accessor.set.map { set in
                function("set \(name)", length: 1) { ctx, this, args in
                    try set(ctx, receiver(this), args[0])
                    return ctx.undefined
                }
            }
            try nativeClass.prototype.defineAccessor(name, get: getter, set: setter, enumerable: true)
        }
        for (name, value) in builder.values {
            try nativeClass.prototype.define(name, value, enumerable: true, writable: false, configurable: false)
        }
        for method in builder.staticMethods {
            try nativeClass.constructor.define(method.name, function(method.name, length: method.length, method.body),
                                               enumerable: true)
        }
        for (name, value) in builder.staticValues {
            try nativeClass.constructor.define(name, value, enumerable: true, writable: false, configurable: false)
        }
    }

    /// The JSClass of instances. Only root classes get a finalizer: JSC runs the finalizer of every class in the
    /// chain, and the payload must be released exactly once.
    private static func makeInstanceClass(name: String, parent: AnyNativeClass?) -> JSClassRef {
        var definition = kJSClassDefinitionEmpty
        definition.attributes = JSClassAttributes(kJSClassAttributeNoAutomaticPrototype)
        definition.parentClass = parent?.jsClass
        if parent == nil {
            definition.finalize = { object in
                guard let object, let data = JSObjectGetPrivate(object) else { return }
                Unmanaged<AnyObject>.fromOpaque(data).release()
            }
        }
        return name.withCString { className in
            definition.className = className  // JSClassCreate copies the name
            return JSClassCreate(&definition)
        }
    }
}

/// Lets a constructor closure reach the class object created after it. Classes live as long as their context:
/// the class's own functions hold it (a cycle the context teardown breaks).
private final class ClassHolder<Payload: AnyObject> {
    var nativeClass: NativeClass<Payload>?
}

