import CWebGPU

/// Resources bound to a shader's bind group slot (`GPUBindGroup`).
public final class BindGroup: @unchecked Sendable {
    let handle: WGPUBindGroup
    /// The resources stay alive while the bind group does, as WebGPU guarantees.
    private let resources: [AnyObject]

    init(handle: WGPUBindGroup, resources: [AnyObject]) {
        self.handle = handle
        self.resources = resources
    }

    deinit { wgpuBindGroupRelease(handle) }
}

/// One binding of a bind group (`GPUBindGroupEntry`).
public struct BindGroupEntry: Sendable {
    public enum Resource: Sendable {
        /// A buffer range; size nil means "to the end of the buffer".
        case buffer(Buffer, offset: UInt64 = 0, size: UInt64? = nil)
        case sampler(Sampler)
    }

    public var binding: UInt32
    public var resource: Resource

    public init(binding: UInt32, _ resource: Resource) {
        self.binding = binding
        self.resource = resource
    }

    /// Shorthand for a whole-buffer binding.
    public init(binding: UInt32, buffer: Buffer, offset: UInt64 = 0, size: UInt64? = nil) {
        self.init(binding: binding, .buffer(buffer, offset: offset, size: size))
    }

    var c: WGPUBindGroupEntry {
        var entry = WGPUBindGroupEntry()
        entry.binding = binding
        switch resource {
        case .buffer(let buffer, let offset, let size):
            entry.buffer = buffer.handle
            entry.offset = offset
            entry.size = size ?? UInt64.max  // WGPU_WHOLE_SIZE
        case .sampler(let sampler):
            entry.sampler = sampler.handle
        }
        return entry
    }

    var object: AnyObject {
        switch resource {
        case .buffer(let buffer, _, _): buffer
        case .sampler(let sampler): sampler
        }
    }
}

extension Device {
    /// Creates a bind group (`createBindGroup`); mismatches with the layout give a validation error.
    public func createBindGroup(layout: BindGroupLayout, entries: [BindGroupEntry], label: String? = nil) -> BindGroup {
        let handle = withCArena { arena in
            var c = WGPUBindGroupDescriptor()
            c.label = arena.stringView(label)
            c.layout = layout.handle
            c.entryCount = entries.count
            c.entries = arena.array(entries.map(\.c))
            return wgpuDeviceCreateBindGroup(core.handle, &c)
        }
        return BindGroup(handle: handle!, resources: entries.map(\.object))
    }
}
