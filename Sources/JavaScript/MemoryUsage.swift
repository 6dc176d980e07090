import CJavaScriptCore

/// Heap statistics of one isolate (JSGetMemoryUsageStatistics; the heap belongs to the isolate's VM alone).
public struct MemoryUsage: Sendable, CustomStringConvertible {
    /// Bytes of live GC heap.
    public let heapSize: Int
    /// Bytes the heap has reserved.
    public let heapCapacity: Int
    /// Bytes held outside the heap on behalf of JS objects (ArrayBuffer contents, strings...).
    public let extraMemorySize: Int
    public let objectCount: Int
    /// Objects kept alive for Swift (JSValueProtect).
    public let protectedObjectCount: Int

    init(_ context: JSContext) throws {
        guard let statistics = JSGetMemoryUsageStatistics(context.ref) else {
            throw JSError.error("memory statistics are unavailable")
        }
        let object = JSValue(context, statistics)
        func read(_ key: String) throws -> Int { Int(try object.get(key).toDouble()) }
        heapSize = try read("heapSize")
        heapCapacity = try read("heapCapacity")
        extraMemorySize = try read("extraMemorySize")
        objectCount = try read("objectCount")
        protectedObjectCount = try read("protectedObjectCount")
    }

    public var description: String {
        "heap \(heapSize) B of \(heapCapacity) B, extra \(extraMemorySize) B, \(objectCount) objects "
            + "(\(protectedObjectCount) protected)"
    }
}
