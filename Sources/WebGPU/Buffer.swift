import CWebGPU
import Foundation

/// A block of GPU memory (`GPUBuffer`).
///
/// Mapping is checked on the Swift side before wgpu-native sees it (wgpu-native aborts the process on
/// some misuse, e.g. getMappedRange of an unmapped buffer): state, alignment and range problems become
/// thrown `WebGPUError`s and, where WebGPU says so, validation errors as well.
public final class Buffer: @unchecked Sendable {
    let handle: WGPUBuffer
    let core: DeviceCore
    public let size: UInt64
    public let usage: BufferUsage
    public let label: String?

    private let lock = NSLock()
    private var state: MappingState
    private var destroyed = false
    /// Set once the whole buffer is known to count as initialized in wgpu's tracker (mappedAtCreation,
    /// or `DynamicOffsetInitialization` ran for it).
    private var whollyInitialized: Bool

    private enum MappingState {
        case unmapped
        case pending(MapRequest)
        case mapped(mode: MapMode, range: Range<UInt64>, handedOut: [Range<UInt64>])
    }

    init(handle: WGPUBuffer, core: DeviceCore, descriptor: BufferDescriptor) {
        self.handle = handle
        self.core = core
        size = descriptor.size
        usage = descriptor.usage
        label = descriptor.label
        state = descriptor.mappedAtCreation ? .mapped(mode: .write, range: 0..<descriptor.size, handedOut: []) : .unmapped
        whollyInitialized = descriptor.mappedAtCreation
    }

    /// True once for a buffer that still needs whole-buffer initialization (see `DynamicOffsetInitialization`);
    /// false when it is done, destroyed, mapped or empty.
    func claimWholeInitialization() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !whollyInitialized, !destroyed, size > 0, case .unmapped = state else { return false }
        whollyInitialized = true
        return true
    }

    deinit { wgpuBufferRelease(handle) }

    public var mapState: BufferMapState {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .unmapped: return .unmapped
        case .pending: return .pending
        case .mapped: return .mapped
        }
    }

    var isDestroyed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return destroyed
    }

    /// Maps `size` bytes from `offset` (default: to the end) for reading or writing (`mapAsync`).
    /// Resolves as soon as the GPU has finished the work that uses the buffer.
    /// - Throws: `WebGPUError.operation` for invalid requests (also reported as validation errors),
    ///   `.aborted` when unmap() or destroy() cuts the request short.
    public func mapAsync(_ mode: MapMode, offset: UInt64 = 0, size: UInt64? = nil) async throws {
        try await startMap(mode, offset: offset, size: size).value()
    }

    /// `mapAsync` for callers with an executor of their own: `done` runs on the device's event-pump thread
    /// (or on the caller's, when the request fails or is abandoned at once), so it must only hand the result
    /// on, never block.
    public func mapAsync(_ mode: MapMode, offset: UInt64 = 0, size: UInt64? = nil,
                         then done: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        do {
            try startMap(mode, offset: offset, size: size).whenResolved(done)
        } catch {
            done(.failure(error))
        }
    }

    private func startMap(_ mode: MapMode, offset: UInt64, size: UInt64?) throws -> Completion<Void> {
        let length = size ?? (offset <= self.size ? self.size - offset : 0)
        let request = MapRequest(buffer: self, mode: mode, range: offset..<(offset &+ length))
        try begin(request)
        let abandon: @Sendable () -> Void = {
            request.buffer.finishMapping(request, status: WGPUMapAsyncStatus_Aborted, message: "the device was lost")
        }
        guard let operation = core.pump.begin(abandon: abandon) else {
            abandon()
            return request.completion
        }
        request.operation = operation
        core.flushWrites()
        let callbackInfo = WGPUBufferMapCallbackInfo(
            nextInChain: nil,
            mode: WGPUCallbackMode_AllowProcessEvents,
            callback: { status, message, userdata, _ in
                let request = Unmanaged<MapRequest>.fromOpaque(userdata!).takeRetainedValue()
                request.buffer.finishMapping(request, status: status, message: String(message))
                request.buffer.core.pump.end(request.operation)
            },
            userdata1: Unmanaged.passRetained(request).toOpaque(),
            userdata2: nil
        )
        _ = wgpuBufferMapAsync(handle, WGPUMapMode(mode.rawValue), Int(offset), Int(length), callbackInfo)
        core.pump.issued()
        return request.completion
    }

    /// Moves to the pending state, or throws (and reports) why the request is invalid.
    private func begin(_ request: MapRequest) throws {
        lock.lock()
        if case .pending = state {
            lock.unlock()
            throw WebGPUError.operation("mapAsync: the buffer already has a pending map")
        }
        if let problem = mapProblem(request.mode, offset: request.range.lowerBound, size: UInt64(request.range.count)) {
            lock.unlock()
            core.validationError("mapAsync: \(problem)")
            throw WebGPUError.operation("mapAsync: \(problem)")
        }
        state = .pending(request)
        lock.unlock()
    }

    /// WebGPU's device-timeline checks for mapAsync; nil when the request is valid. Caller holds `lock`.
    private func mapProblem(_ mode: MapMode, offset: UInt64, size: UInt64) -> String? {
        if destroyed { return "the buffer is destroyed" }
        if case .mapped = state { return "the buffer is already mapped" }
        if mode != .read && mode != .write { return "mode must be exactly one of read or write" }
        if mode == .read && !usage.contains(.mapRead) { return "the buffer was not created with MAP_READ usage" }
        if mode == .write && !usage.contains(.mapWrite) { return "the buffer was not created with MAP_WRITE usage" }
        if offset % 8 != 0 { return "offset \(offset) is not a multiple of 8" }
        if size % 4 != 0 { return "size \(size) is not a multiple of 4" }
        if offset > self.size || size > self.size - offset {
            return "range \(offset)..<\(offset &+ size) exceeds the buffer size \(self.size)"
        }
        return nil
    }

    /// Runs on the pump thread (or inline) when wgpu answers a map request.
    fileprivate func finishMapping(_ request: MapRequest, status: WGPUMapAsyncStatus, message: String) {
        lock.lock()
        guard case .pending(let current) = state, current === request else {
            // unmap() or destroy() already settled this request as aborted.
            lock.unlock()
            return
        }
        if status == WGPUMapAsyncStatus_Success {
            state = .mapped(mode: request.mode, range: request.range, handedOut: [])
            lock.unlock()
            request.completion.resolve(.success(()))
        } else {
            state = .unmapped
            lock.unlock()
            let error: WebGPUError = status == WGPUMapAsyncStatus_Aborted
                ? .aborted("mapAsync: \(message)") : .operation("mapAsync: \(message)")
            request.completion.resolve(.failure(error))
        }
    }

    /// The mapped bytes from `offset` (`getMappedRange`); valid until unmap() or destroy().
    /// - Throws: `WebGPUError.operation` if the buffer is not mapped, the range is misaligned, lies
    ///   outside the mapped range, or overlaps a range returned before.
    public func getMappedRange(offset: UInt64 = 0, size: UInt64? = nil) throws -> UnsafeMutableRawBufferPointer {
        lock.lock()
        defer { lock.unlock() }
        guard case .mapped(let mode, let mapped, let handedOut) = state else {
            throw WebGPUError.operation("getMappedRange: the buffer is not mapped")
        }
        let length = size ?? (offset <= mapped.upperBound ? mapped.upperBound - offset : 0)
        if offset % 8 != 0 { throw WebGPUError.operation("getMappedRange: offset \(offset) is not a multiple of 8") }
        if length % 4 != 0 { throw WebGPUError.operation("getMappedRange: size \(length) is not a multiple of 4") }
        let range = offset..<(offset &+ length)
        if offset < mapped.lowerBound || offset > mapped.upperBound || length > mapped.upperBound - offset {
            throw WebGPUError.operation("getMappedRange: range \(range) is outside the mapped range \(mapped)")
        }
        if handedOut.contains(where: { $0.overlaps(range) }) {
            throw WebGPUError.operation("getMappedRange: range \(range) overlaps a range already returned")
        }
        let pointer = mode == .read
            ? UnsafeMutableRawPointer(mutating: wgpuBufferGetConstMappedRange(handle, Int(offset), Int(length)))
            : wgpuBufferGetMappedRange(handle, Int(offset), Int(length))
        guard let pointer else {
            throw WebGPUError.operation("getMappedRange: wgpu returned no memory for \(range)")
        }
        state = .mapped(mode: mode, range: mapped, handedOut: handedOut + [range])
        return UnsafeMutableRawBufferPointer(start: pointer, count: Int(length))
    }

    /// Copies mapped bytes out as `Element`s (a convenience over getMappedRange).
    public func readMapped<Element: BitwiseCopyable>(as type: Element.Type, offset: UInt64 = 0, count: Int? = nil) throws -> [Element] {
        let byteCount = count.map { UInt64($0 * MemoryLayout<Element>.stride) }
        let bytes = try getMappedRange(offset: offset, size: byteCount)
        return Array(bytes.bindMemory(to: Element.self))
    }

    /// Copies `values` into the mapped range at `offset` (a convenience over getMappedRange).
    public func writeMapped<Element: BitwiseCopyable>(_ values: [Element], offset: UInt64 = 0) throws {
        let bytes = try getMappedRange(offset: offset, size: UInt64(values.count * MemoryLayout<Element>.stride))
        values.withUnsafeBytes { bytes.copyMemory(from: $0) }
    }

    /// Ends a mapping, or aborts a pending one (`unmap`). Pointers from getMappedRange become invalid.
    public func unmap() {
        lock.lock()
        let previous = state
        state = .unmapped
        lock.unlock()
        switch previous {
        case .unmapped:
            return
        case .pending(let request):
            request.completion.resolve(.failure(WebGPUError.aborted("mapAsync: unmap() was called before the mapping finished")))
            wgpuBufferUnmap(handle)
        case .mapped:
            wgpuBufferUnmap(handle)
        }
    }

    /// Frees the GPU memory now (`destroy`); a mapping is ended first. Calling it again does nothing.
    public func destroy() {
        unmap()
        lock.lock()
        let first = !destroyed
        destroyed = true
        lock.unlock()
        if first { wgpuBufferDestroy(handle) }
    }
}

/// One mapAsync in flight: C userdata for its callback, and the identity `unmap()` compares against.
private final class MapRequest: @unchecked Sendable {
    let buffer: Buffer
    let mode: MapMode
    let range: Range<UInt64>
    let completion = Completion<Void>()
    /// The pump's id for this request, set before the C call.
    var operation: UInt64 = 0

    init(buffer: Buffer, mode: MapMode, range: Range<UInt64>) {
        self.buffer = buffer
        self.mode = mode
        self.range = range
    }
}

/// How to create a buffer (`GPUBufferDescriptor`).
public struct BufferDescriptor: Sendable {
    public var label: String?
    public var size: UInt64
    public var usage: BufferUsage
    public var mappedAtCreation: Bool

    public init(label: String? = nil, size: UInt64, usage: BufferUsage, mappedAtCreation: Bool = false) {
        self.label = label
        self.size = size
        self.usage = usage
        self.mappedAtCreation = mappedAtCreation
    }
}

extension Device {
    /// Creates a buffer (`createBuffer`). Invalid descriptors (size over the limit, bad usage) give a
    /// validation error and an invalid buffer, as in WebGPU.
    /// - Throws: `WebGPUError.invalidArgument` if mappedAtCreation is set and size is not a multiple of
    ///   4; `.operation` if wgpu cannot allocate the mapping.
    public func createBuffer(_ descriptor: BufferDescriptor) throws -> Buffer {
        if descriptor.mappedAtCreation && descriptor.size % 4 != 0 {
            throw WebGPUError.invalidArgument("createBuffer: mappedAtCreation needs a size that is a multiple of 4, not \(descriptor.size)")
        }
        let handle = withCArena { arena in
            var c = WGPUBufferDescriptor()
            c.label = arena.stringView(descriptor.label)
            c.usage = WGPUBufferUsage(descriptor.usage.rawValue)
            c.size = descriptor.size
            c.mappedAtCreation = descriptor.mappedAtCreation ? 1 : 0
            return wgpuDeviceCreateBuffer(core.handle, &c)
        }
        guard let handle else {
            throw WebGPUError.operation("createBuffer: wgpu could not create a buffer of \(descriptor.size) bytes")
        }
        return Buffer(handle: handle, core: core, descriptor: descriptor)
    }
}
