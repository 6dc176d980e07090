import JavaScript
import WebGPU

/// GPUComputePipeline (WebGPU §10.1): `getBindGroupLayout(index)` for "auto" layouts.
final class GPUComputePipelineImpl: GPUObjectImpl {
    let pipeline: ComputePipeline
    let device: GPUDeviceImpl

    init(_ pipeline: ComputePipeline, device: GPUDeviceImpl, label: String?) {
        self.pipeline = pipeline
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    /// createComputePipeline reports errors to the device (error scopes / uncapturederror);
    /// createComputePipelineAsync rejects with a GPUPipelineError instead.
    func createComputePipeline(_ device: GPUDeviceImpl, _ args: JSArguments, async: Bool) throws -> JSValue {
        let context = "Failed to execute '\(async ? "createComputePipelineAsync" : "createComputePipeline")' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUComputePipelineDescriptor", context: context)
        let label = try d.string("label")
        let layoutValue = try d.required("layout")
        let layout: ComputePipelineDescriptor.Layout
        if layoutValue.isString {
            _ = try WebIDLValues.enumeration(layoutValue, AutoLayoutMode.self, idlName: "GPUAutoLayoutMode", d.member("layout"))
            layout = .auto
        } else {
            layout = .explicit(try pipelineLayout.unwrap(layoutValue, d.member("layout")).layout)
        }
        let stage = try WebIDLDictionary(d.required("compute"), name: "GPUProgrammableStage", context: d.member("compute"))
        let module = try shaderModule.unwrap(stage.required("module"), stage.member("module"))
        let entryPoint = try stage.string("entryPoint")
        let constants = try stage.optional("constants").map { value in
            try WebIDLValues.record(value, stage.member("constants")) { try WebIDLNumbers.double($0, $1) }
        } ?? [:]
        let descriptor = ComputePipelineDescriptor(label: label, layout: layout, module: module.module,
                                                   entryPoint: entryPoint, constants: constants)
        let swiftDevice = device.device
        guard async else {
            let pipeline = swiftDevice.createComputePipeline(descriptor)
            return computePipeline.wrap(GPUComputePipelineImpl(pipeline, device: device, label: label))
        }
        return try promise({ try await swiftDevice.createComputePipelineAsync(descriptor) }) { _, pipeline in
            self.computePipeline.wrap(GPUComputePipelineImpl(pipeline, device: device, label: label))
        }
    }

    func defineGPUComputePipeline(_ ctx: JSContext) throws -> NativeClass<GPUComputePipelineImpl> {
        try ctx.defineClass("GPUComputePipeline", payload: GPUComputePipelineImpl.self) { b in
            b.labelAttribute()
            b.method("getBindGroupLayout", length: 1) { _, pipeline, args in
                let context = "Failed to execute 'getBindGroupLayout' on 'GPUComputePipeline'"
                if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
                let index = try WebIDLNumbers.unsignedLong(args[0], "\(context): index")
                let layout = pipeline.pipeline.getBindGroupLayout(index)
                return self.bindGroupLayout.wrap(GPUBindGroupLayoutImpl(layout, device: pipeline.device, label: nil))
            }
        }
    }
}

/// GPUAutoLayoutMode: the only string a pipeline's `layout` may be.
enum AutoLayoutMode: String { case auto }
