import JavaScript
import WebGPU

/// `navigator.gpu` (WebGPU §4.1): the entry point, `requestAdapter()` and `wgslLanguageFeatures`.
final class GPUImpl {
    /// [SameObject] wgslLanguageFeatures, created on first read.
    var languageFeatures: JSValue?
}

/// The WGSL language extensions naga (wgpu's shader compiler) accepts.
private let wgslLanguageFeatureNames = [
    "readonly_and_readwrite_storage_textures", "packed_4x8_integer_dot_product",
    "unrestricted_pointer_parameters", "pointer_composite_access",
]

extension GPURegistry {
    func defineGPU(_ ctx: JSContext) throws -> NativeClass<GPUImpl> {
        try ctx.defineClass("GPU", payload: GPUImpl.self) { b in
            b.promiseMethod("requestAdapter", registry: self) { ctx, _, args in
                let context = "Failed to execute 'requestAdapter' on 'GPU'"
                let options = try WebIDLDictionary(args[0], name: "GPURequestAdapterOptions", context: context)
                var converted = RequestAdapterOptions()
                converted.powerPreference = try options.enumeration("powerPreference", PowerPreference.self,
                                                                    idlName: "GPUPowerPreference")
                converted.forceFallbackAdapter = try options.bool("forceFallbackAdapter") ?? false
                let featureLevel = try options.string("featureLevel") ?? "core"
                _ = try options.bool("xrCompatible")
                // An unknown feature level resolves to null rather than throwing (WebGPU §4.1.1).
                guard featureLevel == "core" || featureLevel == "compatibility" else {
                    return try ctx.resolvedPromise(ctx.null)
                }
                let instance = try GPURegistry.instance.get()
                let requested = converted
                return try self.promise({ try await instance.requestAdapter(requested) }) { ctx, adapter in
                    guard let adapter else { return ctx.null }
                    return self.adapter.wrap(GPUAdapterImpl(adapter))
                }
            }
            b.method("getPreferredCanvasFormat") { _, _, _ in
                throw JSError.typeError("GPU.getPreferredCanvasFormat: canvases are not supported in Workers")
            }
            b.getter("wgslLanguageFeatures") { ctx, gpu in
                if let features = gpu.languageFeatures { return features }
                let features = try self.jsInternal.get("makeWGSLLanguageFeatures")
                    .call([ctx.array(wgslLanguageFeatureNames.map(ctx.string))])
                gpu.languageFeatures = features
                return features
            }
        }
    }
}
