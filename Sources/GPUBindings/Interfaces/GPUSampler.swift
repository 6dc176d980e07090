import JavaScript
import WebGPU

/// GPUSampler (WebGPU §7.1).
final class GPUSamplerImpl: GPUObjectImpl {
    let sampler: Sampler
    let device: GPUDeviceImpl

    init(_ sampler: Sampler, device: GPUDeviceImpl, label: String?) {
        self.sampler = sampler
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createSampler(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let descriptor = try GPUDescriptors.sampler(args[0], "Failed to execute 'createSampler' on 'GPUDevice'")
        let created = device.device.createSampler(descriptor)
        return sampler.wrap(GPUSamplerImpl(created, device: device, label: descriptor.label))
    }

    func defineGPUSampler(_ ctx: JSContext) throws -> NativeClass<GPUSamplerImpl> {
        try ctx.defineClass("GPUSampler", payload: GPUSamplerImpl.self) { b in
            b.labelAttribute()
        }
    }
}
