import JavaScript

/// Memory filled on the pool that a JS ArrayBuffer takes over without a copy; freed here if it never
/// reaches JS (the isolate shut down, or wrapping failed).
final class NativeBuffer<Element> {
    private var storage: UnsafeMutableBufferPointer<Element>?

    init(count: Int) { storage = .allocate(capacity: max(count, 1)) }

    /// The memory, valid while this object (or the ArrayBuffer it became) lives.
    var buffer: UnsafeMutableBufferPointer<Element> { storage! }

    /// An ArrayBuffer over the memory, which it frees when collected; this object lets go of it.
    func arrayBuffer(in context: JSContext, count: Int) throws -> JSValue {
        let memory = buffer
        let value = try context.arrayBuffer(bytesNoCopy: UnsafeMutableRawPointer(memory.baseAddress!),
                                            count: count * MemoryLayout<Element>.stride) { _ in memory.deallocate() }
        storage = nil
        return value
    }

    deinit { storage?.deallocate() }
}
