import JavaScript
import WebGPU

/// GPUShaderModule (WebGPU §9.1): compiled WGSL; `getCompilationInfo()` resolves with its messages.
final class GPUShaderModuleImpl: GPUObjectImpl {
    let module: ShaderModule
    let device: GPUDeviceImpl

    init(_ module: ShaderModule, device: GPUDeviceImpl, label: String?) {
        self.module = module
        self.device = device
        super.init(label: label)
    }
}

extension GPURegistry {
    func createShaderModule(_ device: GPUDeviceImpl, _ args: JSArguments) throws -> JSValue {
        let context = "Failed to execute 'createShaderModule' on 'GPUDevice'"
        if args.isEmpty { throw JSError.typeError("\(context): 1 argument required, but only 0 present.") }
        let d = try WebIDLDictionary(args[0], name: "GPUShaderModuleDescriptor", context: context)
        let label = try d.string("label")
        let code = try WebIDLValues.string(d.required("code"), d.member("code"))
        _ = try d.sequence("compilationHints") { value, what in
            try WebIDLDictionary(value, name: "GPUShaderModuleCompilationHint", context: what()).required("entryPoint")
        }
        let module = device.device.createShaderModule(code: code, label: label)
        return shaderModule.wrap(GPUShaderModuleImpl(module, device: device, label: label))
    }

    func defineGPUShaderModule(_ ctx: JSContext) throws -> NativeClass<GPUShaderModuleImpl> {
        try ctx.defineClass("GPUShaderModule", payload: GPUShaderModuleImpl.self) { b in
            b.labelAttribute()
            b.promiseMethod("getCompilationInfo", registry: self) { ctx, module, _ in
                try ctx.resolvedPromise(self.compilationInfo.wrap(GPUCompilationInfoImpl(module.module.compilationInfo)))
            }
        }
    }
}
