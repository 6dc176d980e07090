import CWebGPU

/// Holds the C memory a descriptor conversion needs (strings, arrays, nested structs) until the C call
/// that reads it returns. webgpu.h only borrows descriptor memory for the duration of a call, so one
/// arena per call replaces a pyramid of nested `withUnsafePointer` closures.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }

    /// A C string view of `text`; `nil` becomes the "null" view webgpu.h uses for absent labels.
    func stringView(_ text: String?) -> WGPUStringView {
        guard let text else { return WGPUStringView(data: nil, length: WGPUStringView.nullTerminated) }
        let bytes = Array(text.utf8)
        let memory = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { memory[index] = CChar(bitPattern: byte) }
        memory[bytes.count] = 0
        allocations.append(UnsafeMutableRawPointer(memory))
        return WGPUStringView(data: UnsafePointer(memory), length: bytes.count)
    }

    /// A C array holding `items` (trivial C structs or handles), or `nil` when empty.
    func array<Element>(_ items: [Element]) -> UnsafePointer<Element>? {
        guard !items.isEmpty else { return nil }
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: items.count)
        memory.initialize(from: items, count: items.count)
        allocations.append(UnsafeMutableRawPointer(memory))
        return UnsafePointer(memory)
    }

    /// A pointer to a copy of `value` (for optional nested structs such as timestamp writes).
    func pointer<Value>(_ value: Value) -> UnsafeMutablePointer<Value> {
        let memory = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        memory.initialize(to: value)
        allocations.append(UnsafeMutableRawPointer(memory))
        return memory
    }
}

/// Runs `body` with a fresh arena that lives until `body` returns.
func withCArena<Result>(_ body: (CArena) throws -> Result) rethrows -> Result {
    let arena = CArena()
    return try withExtendedLifetime(arena) { try body(arena) }
}
