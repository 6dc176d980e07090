import CWebGPU

/// How textures are sampled (`GPUSampler`).
public final class Sampler: @unchecked Sendable {
    let handle: WGPUSampler

    init(handle: WGPUSampler) {
        self.handle = handle
    }

    deinit { wgpuSamplerRelease(handle) }
}

/// How to create a sampler (`GPUSamplerDescriptor`), with WebGPU's defaults.
public struct SamplerDescriptor: Sendable {
    public var label: String?
    public var addressModeU: AddressMode = .clampToEdge
    public var addressModeV: AddressMode = .clampToEdge
    public var addressModeW: AddressMode = .clampToEdge
    public var magFilter: FilterMode = .nearest
    public var minFilter: FilterMode = .nearest
    public var mipmapFilter: FilterMode = .nearest
    public var lodMinClamp: Float = 0
    public var lodMaxClamp: Float = 32
    public var compare: CompareFunction?
    public var maxAnisotropy: UInt16 = 1

    public init(label: String? = nil) {
        self.label = label
    }
}

extension Device {
    /// Creates a sampler (`createSampler`); invalid values give a validation error.
    public func createSampler(_ descriptor: SamplerDescriptor = SamplerDescriptor()) -> Sampler {
        let handle = withCArena { arena in
            var c = WGPUSamplerDescriptor()
            c.label = arena.stringView(descriptor.label)
            c.addressModeU = descriptor.addressModeU.c
            c.addressModeV = descriptor.addressModeV.c
            c.addressModeW = descriptor.addressModeW.c
            c.magFilter = descriptor.magFilter.c
            c.minFilter = descriptor.minFilter.c
            c.mipmapFilter = descriptor.mipmapFilter.mipmapC
            c.lodMinClamp = descriptor.lodMinClamp
            c.lodMaxClamp = descriptor.lodMaxClamp
            c.compare = descriptor.compare?.c ?? WGPUCompareFunction_Undefined
            c.maxAnisotropy = descriptor.maxAnisotropy
            return wgpuDeviceCreateSampler(core.handle, &c)
        }
        return Sampler(handle: handle!)
    }
}
