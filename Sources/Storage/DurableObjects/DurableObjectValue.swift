/// A stored value: opaque bytes plus the tag naming how the JS layer serialized them
/// (for example "v8" for structured clone, "json" for JSON with type annotations).
public struct DurableObjectValue: Equatable, Sendable {
    public var type: String
    public var bytes: [UInt8]

    public init(type: String, bytes: [UInt8]) {
        self.type = type
        self.bytes = bytes
    }
}

/// One key and its value, as `get([keys])` and `list()` return them (in key order).
public struct DurableObjectEntry: Equatable, Sendable {
    public var key: String
    public var value: DurableObjectValue

    public init(key: String, value: DurableObjectValue) {
        self.key = key
        self.value = value
    }
}
