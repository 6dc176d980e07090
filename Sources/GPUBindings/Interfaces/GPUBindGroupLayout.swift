import JavaScript
import WebGPU

/// GPUBindGroupLayout (WebGPU §8.1).
final class GPUBindGroupLayoutImpl: GPUObjectImpl {
    let layout: BindGroupLayout
    let device: GPUDeviceImpl

    init(_ layout: BindGroupLayout, device: GPUDeviceImpl, label: String?) {
        self.layout = layout
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createBindGroupLayout(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createBindGroupLayout' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUBindGroupLayoutDescriptor", context: context)
        let label = try d.string("label")
        let entries = try WebIDLValues.sequence(d.required("entries"), d.member("entries")) { value, what in
            try GPUDescriptors.bindGroupLayoutEntry(value, what())
        }
        let layout = device.device.createBindGroupLayout(entries: entries, label: label)
        return bindGroupLayout.wrap(GPUBindGroupLayoutImpl(layout, device: device, label: label))
    }

    func defineGPUBindGroupLayout(_ ctx: JSContext) throws -> NativeClass<GPUBindGroupLayoutImpl> {
        try ctx.defineClass("GPUBindGroupLayout", payload: GPUBindGroupLayoutImpl.self) { b in
            b.labelAttribute()
        }
    }
}
