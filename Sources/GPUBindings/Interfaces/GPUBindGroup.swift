import JavaScript
import WebGPU

/// GPUBindGroup (WebGPU §8.2).
final class GPUBindGroupImpl: GPUObjectImpl {
    let group: BindGroup
    let device: GPUDeviceImpl
    /// The buffers it binds: a submit that uses the group checks they are unmapped and alive.
    let buffers: [GPUBufferImpl]

    init(_ group: BindGroup, device: GPUDeviceImpl, buffers: [GPUBufferImpl], label: String?) {
        self.group = group
        self.device = device
        self.buffers = buffers
        super.init(label: label)
    }
}

extension GPURegistry {
    func createBindGroup(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createBindGroup' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUBindGroupDescriptor", context: context)
        let label = try d.string("label")
        let layout = try bindGroupLayout.unwrap(d.required("layout"), d.member("layout"))
        let entries = try WebIDLValues.sequence(d.required("entries"), d.member("entries")) { value, what in
            try self.bindGroupEntry(value, what())
        }
        let group = device.device.createBindGroup(layout: layout.layout, entries: entries.map(\.entry), label: label)
        return bindGroup.wrap(GPUBindGroupImpl(group, device: device, buffers: entries.compactMap(\.buffer), label: label))
    }

    /// GPUBindGroupEntry: `resource` is a GPUSampler, a GPUBuffer (whole buffer) or a GPUBufferBinding.
    private func bindGroupEntry(_ value: JSValue, _ what: String) throws -> (entry: BindGroupEntry, buffer: GPUBufferImpl?) {
        let entry = try WebIDLDictionary(value, name: "GPUBindGroupEntry", context: what)
        let binding = try WebIDLNumbers.unsignedLong(entry.required("binding"), entry.member("binding"))
        let resource = try entry.required("resource")
        if let sampler = sampler.payload(of: resource) {
            return (BindGroupEntry(binding: binding, .sampler(sampler.sampler)), nil)
        }
        if let whole = buffer.payload(of: resource) {
            return (BindGroupEntry(binding: binding, buffer: whole.buffer), whole)
        }
        guard resource.isObject else {
            throw JSError.typeError("\(entry.member("resource")) is not a GPUSampler, GPUBuffer or GPUBufferBinding.")
        }
        let bufferBinding = try WebIDLDictionary(resource, name: "GPUBufferBinding", context: what)
        let target = try buffer.unwrap(bufferBinding.required("buffer"), bufferBinding.member("buffer"))
        let bound = BindGroupEntry(binding: binding, buffer: target.buffer, offset: try bufferBinding.u64("offset") ?? 0,
                                   size: try bufferBinding.u64("size"))
        return (bound, target)
    }

    func defineGPUBindGroup(_ ctx: JSContext) throws -> NativeClass<GPUBindGroupImpl> {
        try ctx.defineClass("GPUBindGroup", payload: GPUBindGroupImpl.self) { b in
            b.labelAttribute()
        }
    }
}
