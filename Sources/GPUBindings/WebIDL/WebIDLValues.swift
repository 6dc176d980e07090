import JavaScript

/// WebIDL conversions other than numbers and dictionaries: strings, enums, sequences, records.
enum WebIDLValues {
    /// DOMString / USVString: ToString, which throws a TypeError for Symbols.
    static func string(_ value: JSValue, _ what: String) throws -> String {
        if value.isSymbol { throw JSError.typeError("\(what): cannot convert a Symbol to a string.") }
        return try value.toString()
    }

    /// An IDL enum: the string must be one of the enum's values exactly (WebIDL §3.2.18).
    static func enumeration<E: RawRepresentable>(_ value: JSValue, _ type: E.Type, idlName: String,
                                                 _ what: String) throws -> E where E.RawValue == String {
        let text = try string(value, what)
        guard let result = E(rawValue: text) else {
            throw JSError.typeError("\(what): The provided value '\(text)' is not a valid enum value of type \(idlName).")
        }
        return result
    }

    /// `sequence<T>`: any iterable object (not a string), converted element by element.
    /// Names are built only for errors (`what`, and the element's name `convert` gets): submit() runs this per call.
    static func sequence<T>(_ value: JSValue, _ what: @autoclosure () -> String,
                            _ convert: (JSValue, @autoclosure () -> String) throws -> T) throws -> [T] {
        guard value.isObject else { throw JSError.typeError("\(what()) is not an iterable object (sequence).") }
        let elements = value.isArray ? try value.toArray() : try iterate(value, what())
        return try withoutActuallyEscaping(what) { what in
            try elements.enumerated().map { index, element in try convert(element, "\(what())[\(index)]") }
        }
    }

    /// `record<DOMString, T>`: the object's own enumerable string keys.
    static func record<T>(_ value: JSValue, _ what: String, _ convert: (JSValue, String) throws -> T) throws -> [String: T] {
        guard value.isObject else { throw JSError.typeError("\(what) is not an object (record).") }
        var result: [String: T] = [:]
        for key in try value.keys() { result[key] = try convert(try value.get(key), "\(what)['\(key)']") }
        return result
    }

    private static func iterate(_ value: JSValue, _ what: String) throws -> [JSValue] {
        let from = try value.context.global.get("Array").get("from")
        let iteratorKey = try value.context.global.get("Symbol").get("iterator")
        let hasIterator = try value.context.evaluate("(o, k) => typeof o[k] === 'function'").call([value, iteratorKey])
        guard hasIterator.toBool() else { throw JSError.typeError("\(what) is not an iterable object (sequence).") }
        return try from.call([value]).toArray()
    }
}

extension JSArguments {
    /// An optional argument: nil when missing or `undefined` (WebIDL treats both as "not passed").
    func optional(_ index: Int) -> JSValue? {
        index < count && !self[index].isUndefined ? self[index] : nil
    }
}
