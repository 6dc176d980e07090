import JavaScript
import WebGPU

/// GPUSupportedLimits (WebGPU §3.6.1): one read-only attribute per limit.
final class GPUSupportedLimitsImpl {
    let limits: Limits
    init(_ limits: Limits) { self.limits = limits }
}

extension GPURegistry {
    func defineGPUSupportedLimits(_ ctx: JSContext) throws -> NativeClass<GPUSupportedLimitsImpl> {
        try ctx.defineClass("GPUSupportedLimits", payload: GPUSupportedLimitsImpl.self) { b in
            for name in Limits.names {
                b.getter(name) { ctx, object in ctx.number(Double(object.limits[name] ?? 0)) }
            }
        }
    }
}
