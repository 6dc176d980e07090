import CWebGPU

/// The shape of a bind group (`GPUBindGroupLayout`).
public final class BindGroupLayout: @unchecked Sendable {
    let handle: WGPUBindGroupLayout
    /// Binding numbers of buffer entries with `hasDynamicOffset` (none in layouts derived with `.auto`).
    let dynamicOffsetBindings: Set<UInt32>

    init(handle: WGPUBindGroupLayout, dynamicOffsetBindings: Set<UInt32> = []) {
        self.handle = handle
        self.dynamicOffsetBindings = dynamicOffsetBindings
    }

    deinit { wgpuBindGroupLayoutRelease(handle) }
}

/// One slot of a bind group layout (`GPUBindGroupLayoutEntry`, compute resources).
public struct BindGroupLayoutEntry: Sendable {
    public enum Resource: Sendable {
        case buffer(type: BufferBindingType = .uniform, hasDynamicOffset: Bool = false, minBindingSize: UInt64 = 0)
        case sampler(type: SamplerBindingType = .filtering)
    }

    public var binding: UInt32
    public var visibility: ShaderStage
    public var resource: Resource

    public init(binding: UInt32, visibility: ShaderStage = .compute, _ resource: Resource) {
        self.binding = binding
        self.visibility = visibility
        self.resource = resource
    }

    var c: WGPUBindGroupLayoutEntry {
        var entry = WGPUBindGroupLayoutEntry()
        entry.binding = binding
        entry.visibility = WGPUShaderStage(visibility.rawValue)
        switch resource {
        case .buffer(let type, let hasDynamicOffset, let minBindingSize):
            entry.buffer.type = type.c
            entry.buffer.hasDynamicOffset = hasDynamicOffset ? 1 : 0
            entry.buffer.minBindingSize = minBindingSize
        case .sampler(let type):
            entry.sampler.type = type.c
        }
        return entry
    }
}

extension Device {
    /// Creates a bind group layout (`createBindGroupLayout`); invalid entries give a validation error.
    public func createBindGroupLayout(entries: [BindGroupLayoutEntry], label: String? = nil) -> BindGroupLayout {
        let handle = withCArena { arena in
            var c = WGPUBindGroupLayoutDescriptor()
            c.label = arena.stringView(label)
            c.entryCount = entries.count
            c.entries = arena.array(entries.map(\.c))
            return wgpuDeviceCreateBindGroupLayout(core.handle, &c)
        }
        let dynamic = entries.compactMap { entry -> UInt32? in
            if case .buffer(_, true, _) = entry.resource { return entry.binding }
            return nil
        }
        return BindGroupLayout(handle: handle!, dynamicOffsetBindings: Set(dynamic))
    }
}
