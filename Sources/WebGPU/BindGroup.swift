import CWebGPU

/// Resources bound to a shader's bind group slot (`GPUBindGroup`).
public final class BindGroup: @unchecked Sendable {
    let handle: WGPUBindGroup
    /// The buffers stay alive while the bind group does; a submit checks they are usable.
    let buffers: [Buffer]
    private let samplers: [Sampler]

    init(handle: WGPUBindGroup, buffers: [Buffer], samplers: [Sampler]) {
        self.handle = handle
        self.buffers = buffers
        self.samplers = samplers
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

    var buffer: Buffer? {
        if case .buffer(let buffer, _, _) = resource { return buffer }
        return nil
    }

    var sampler: Sampler? {
        if case .sampler(let sampler) = resource { return sampler }
        return nil
    }
}

extension Device {
    /// Creates a bind group (`createBindGroup`); mismatches with the layout give a validation error.
    public func createBindGroup(layout: BindGroupLayout, entries: [BindGroupEntry], label: String? = nil) -> BindGroup {
        initializeWholly(entries.filter { layout.dynamicOffsetBindings.contains($0.binding) }.compactMap(\.buffer))
        let handle = withCArena { arena in
            var c = WGPUBindGroupDescriptor()
            c.label = arena.stringView(label)
            c.layout = layout.handle
            c.entryCount = entries.count
            c.entries = arena.array(entries.map(\.c))
            return wgpuDeviceCreateBindGroup(core.handle, &c)
        }
        return BindGroup(handle: handle!, buffers: entries.compactMap(\.buffer), samplers: entries.compactMap(\.sampler))
    }
}
