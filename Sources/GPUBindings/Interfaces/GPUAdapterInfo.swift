import JavaScript
import WebGPU

/// GPUAdapterInfo (WebGPU §3.6.2): what the adapter says about itself.
final class GPUAdapterInfoImpl {
    let info: AdapterInfo
    init(_ info: AdapterInfo) { self.info = info }
}

extension GPURegistry {
    func defineGPUAdapterInfo(_ ctx: JSContext) throws -> NativeClass<GPUAdapterInfoImpl> {
        try ctx.defineClass("GPUAdapterInfo", payload: GPUAdapterInfoImpl.self) { b in
            b.getter("vendor") { ctx, object in ctx.string(object.info.vendor) }
            b.getter("architecture") { ctx, object in ctx.string(object.info.architecture) }
            b.getter("device") { ctx, object in ctx.string(object.info.device) }
            b.getter("description") { ctx, object in ctx.string(object.info.description) }
            b.getter("subgroupMinSize") { ctx, object in ctx.number(object.info.subgroupMinSize) }
            b.getter("subgroupMaxSize") { ctx, object in ctx.number(object.info.subgroupMaxSize) }
            b.getter("isFallbackAdapter") { ctx, object in ctx.bool(object.info.adapterType == .cpu) }
        }
    }
}
