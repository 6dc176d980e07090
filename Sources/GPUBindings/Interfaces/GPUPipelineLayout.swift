import JavaScript
import WebGPU

/// GPUPipelineLayout (WebGPU §8.3).
final class GPUPipelineLayoutImpl: GPUObjectImpl {
    let layout: PipelineLayout
    let device: GPUDeviceImpl

    init(_ layout: PipelineLayout, device: GPUDeviceImpl, label: String?) {
        self.layout = layout
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createPipelineLayout(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createPipelineLayout' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUPipelineLayoutDescriptor", context: context)
        let label = try d.string("label")
        let layouts = try WebIDLValues.sequence(d.required("bindGroupLayouts"), d.member("bindGroupLayouts")) { value, what in
            try self.bindGroupLayout.unwrap(value, what()).layout
        }
        let layout = device.device.createPipelineLayout(bindGroupLayouts: layouts, label: label)
        return pipelineLayout.wrap(GPUPipelineLayoutImpl(layout, device: device, label: label))
    }

    func defineGPUPipelineLayout(_ ctx: JSContext) throws -> NativeClass<GPUPipelineLayoutImpl> {
        try ctx.defineClass("GPUPipelineLayout", payload: GPUPipelineLayoutImpl.self) { b in
            b.labelAttribute()
        }
    }
}
