import CJavaScriptCore

// Property access and calls. Getters, setters, proxies and the callee can run user code, so these throw.
extension JSValue {
    /// `value[key]`; `undefined` when missing. Throws for null/undefined receivers and throwing getters.
    public func get(_ key: String) throws -> JSValue {
        let object = try objectRef(for: key)
        let result = try withJSString(key) { name in try context.check { JSObjectGetProperty(ctx, object, name, $0) } }
        return JSValue(context, result!)
    }

    /// `value[key]`, or `undefined` if the access throws. Use `get(_:)` to see the error.
    public subscript(key: String) -> JSValue {
        (try? get(key)) ?? context.undefined
    }

    public func get(index: Int) throws -> JSValue {
        let object = try objectRef(for: String(index))
        guard let index32 = UInt32(exactly: index) else { return try get(String(index)) }
        let result = try context.check { JSObjectGetPropertyAtIndex(ctx, object, index32, $0) }
        return JSValue(context, result!)
    }

    /// `value[key] = newValue`.
    public func set(_ key: String, _ newValue: JSValue) throws {
        let object = try objectRef(for: key)
        try withJSString(key) { name in
            try context.check { JSObjectSetProperty(ctx, object, name, newValue.ref, 0, $0) }
        }
    }

    public func set(_ key: String, _ newValue: any JSConvertible) throws {
        try set(key, newValue.jsValue(in: context))
    }

    public func set(index: Int, _ newValue: JSValue) throws {
        let object = try objectRef(for: String(index))
        guard let index32 = UInt32(exactly: index) else { return try set(String(index), newValue) }
        try context.check { JSObjectSetPropertyAtIndex(ctx, object, index32, newValue.ref, $0) }
    }

    /// Defines an own data property with explicit attributes (non-enumerable/read-only/non-configurable), even
    /// where an inherited read-only property of the same name would make a plain set fail.
    public func define(_ key: String, _ newValue: JSValue, enumerable: Bool = false, writable: Bool = true,
                       configurable: Bool = true) throws {
        _ = try context.helper("""
            (o, k, v, e, w, c) => Object.defineProperty(o, k, { value: v, enumerable: e, writable: w, configurable: c })
            """).call([self, context.string(key), newValue, context.bool(enumerable), context.bool(writable),
                       context.bool(configurable)])
    }

    /// Defines an accessor property (getter and optional setter), non-enumerable unless asked.
    public func defineAccessor(_ key: String, get getter: JSValue, set setter: JSValue? = nil,
                               enumerable: Bool = false) throws {
        _ = try context.helper("""
            (o, k, g, s, e) => Object.defineProperty(o, k, { get: g, set: s, enumerable: e, configurable: true })
            """).call([self, context.string(key), getter, setter ?? context.undefined, context.bool(enumerable)])
    }

    public func has(_ key: String) throws -> Bool {
        let object = try objectRef(for: key)
        return withJSString(key) { JSObjectHasProperty(ctx, object, $0) }
    }

    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        let object = try objectRef(for: key)
        return try withJSString(key) { name in try context.check { JSObjectDeleteProperty(ctx, object, name, $0) } }
    }

    /// Own enumerable string keys, in property order.
    public func keys() throws -> [String] {
        let object = try objectRef()
        let names = JSObjectCopyPropertyNames(ctx, object)!
        defer { JSPropertyNameArrayRelease(names) }
        return (0..<JSPropertyNameArrayGetCount(names)).map {
            String(jsString: JSPropertyNameArrayGetNameAtIndex(names, $0))
        }
    }

    /// Calls this function with `this` (undefined by default).
    @discardableResult
    public func call(_ arguments: [JSValue] = [], this: JSValue? = nil) throws -> JSValue {
        let function = try objectRef()
        guard JSObjectIsFunction(ctx, function) else { throw JSError.typeError("\(describeType()) is not a function") }
        let thisObject = this.flatMap { $0.isObject ? JSValueToObject(ctx, $0.ref, nil) : nil }
        let refs: [JSValueRef?] = arguments.map { $0.ref }
        let result = try refs.withUnsafeBufferPointer { buffer in
            try context.check {
                JSObjectCallAsFunction(ctx, function, thisObject, buffer.count, buffer.baseAddress, $0)
            }
        }
        return JSValue(context, result!)
    }

    /// Calls `this[name](...arguments)`.
    @discardableResult
    public func callMethod(_ name: String, _ arguments: [JSValue] = []) throws -> JSValue {
        let method = try get(name)
        guard method.isFunction else { throw JSError.typeError("\(name) is not a function") }
        return try method.call(arguments, this: self)
    }

    /// `new this(...arguments)`.
    public func construct(_ arguments: [JSValue] = []) throws -> JSValue {
        let constructor = try objectRef()
        guard JSObjectIsConstructor(ctx, constructor) else {
            throw JSError.typeError("\(describeType()) is not a constructor")
        }
        let refs: [JSValueRef?] = arguments.map { $0.ref }
        let result = try refs.withUnsafeBufferPointer { buffer in
            try context.check { JSObjectCallAsConstructor(ctx, constructor, buffer.count, buffer.baseAddress, $0) }
        }
        return JSValue(context, result!)
    }

    private func objectRef(for key: String) throws -> JSObjectRef {
        // Primitives other than null/undefined are boxed, as in JS ("abc".length).
        guard !isNullish, let object = JSValueToObject(ctx, ref, nil) else {
            throw JSError.typeError("cannot access property '\(key)' of \(describeType())")
        }
        return object
    }
}
