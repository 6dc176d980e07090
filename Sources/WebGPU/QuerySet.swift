import CWebGPU
import Foundation

/// A set of GPU queries (`GPUQuerySet`); timestamps need the `timestamp-query` feature.
public final class QuerySet: @unchecked Sendable {
    let handle: WGPUQuerySet
    public let type: QueryType
    public let count: UInt32
    private let lock = NSLock()
    private var destroyed = false

    init(handle: WGPUQuerySet, type: QueryType, count: UInt32) {
        self.handle = handle
        self.type = type
        self.count = count
    }

    deinit { wgpuQuerySetRelease(handle) }

    /// Frees the query set now (`destroy`); calling it again does nothing.
    public func destroy() {
        lock.lock()
        let first = !destroyed
        destroyed = true
        lock.unlock()
        if first { wgpuQuerySetDestroy(handle) }
    }
}

extension Device {
    /// Creates a query set (`createQuerySet`). Invalid descriptors give a validation error.
    public func createQuerySet(type: QueryType, count: UInt32, label: String? = nil) -> QuerySet {
        let handle = withCArena { arena in
            var c = WGPUQuerySetDescriptor()
            c.label = arena.stringView(label)
            c.type = type.c
            c.count = count
            return wgpuDeviceCreateQuerySet(core.handle, &c)
        }
        return QuerySet(handle: handle!, type: type, count: count)
    }
}
