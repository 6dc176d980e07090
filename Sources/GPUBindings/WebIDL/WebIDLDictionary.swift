import JavaScript

/// A WebIDL dictionary argument (WebIDL §3.2.17): `undefined`/`null` are an empty dictionary, any other non-object
/// is a TypeError, a missing `required` member is a TypeError. Members are read once each, as the spec reads them.
struct WebIDLDictionary {
    let value: JSValue?
    /// The dictionary's IDL name, for messages ("GPUBufferDescriptor").
    let name: String
    /// Where the conversion happens ("Failed to execute 'createBuffer' on 'GPUDevice'").
    let context: String

    init(_ value: JSValue, name: String, context: String) throws {
        if value.isNullish {
            self.value = nil
        } else if value.isObject {
            self.value = value
        } else {
            throw JSError.typeError("\(context): parameter is not of type '\(name)'.")
        }
        self.name = name
        self.context = context
    }

    /// `dictionary[key]`, or nil when absent (undefined).
    func optional(_ key: String) throws -> JSValue? {
        guard let value else { return nil }
        let member = try value.get(key)
        return member.isUndefined ? nil : member
    }

    func required(_ key: String) throws -> JSValue {
        guard let member = try optional(key) else {
            throw JSError.typeError("\(context): Failed to read the '\(key)' property from '\(name)': Required member is undefined.")
        }
        return member
    }

    /// The member's description for conversion messages ("GPUBufferDescriptor.size").
    func member(_ key: String) -> String { "\(context): \(name).\(key)" }

    func string(_ key: String) throws -> String? { try optional(key).map { try WebIDLValues.string($0, member(key)) } }
    func bool(_ key: String) throws -> Bool? { try optional(key).map { $0.toBool() } }
    func u32(_ key: String) throws -> UInt32? {
        try optional(key).map { try WebIDLNumbers.unsignedLong($0, member(key)) }
    }
    func u64(_ key: String) throws -> UInt64? {
        try optional(key).map { try WebIDLNumbers.unsignedLongLong($0, member(key)) }
    }
    func enumeration<E: RawRepresentable>(_ key: String, _ type: E.Type, idlName: String) throws -> E?
    where E.RawValue == String {
        try optional(key).map { try WebIDLValues.enumeration($0, type, idlName: idlName, member(key)) }
    }
    /// A `sequence<T>` member, converted element by element.
    func sequence<T>(_ key: String, _ convert: (JSValue, @autoclosure () -> String) throws -> T) throws -> [T]? {
        try optional(key).map { try WebIDLValues.sequence($0, member(key), convert) }
    }
}
