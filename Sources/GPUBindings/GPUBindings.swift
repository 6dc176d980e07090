import JavaScript

/// `navigator.gpu` for one isolate: the WebGPU interfaces (compute subset) as JS globals, backed by the
/// `WebGPU` module. The Workers layer calls `install` once per isolate, on its thread, after the Web APIs:
///
///     try GPUBindings.install(in: ctx, unavailableReason: runtimeContext.webgpuUnavailableReason)
///
/// `unavailableReason` is nil where WebGPU is allowed (a Durable Object with storage and the `experimental` and
/// `webgpu` flags); otherwise reading `navigator.gpu` throws a TypeError with that message, while
/// `typeof navigator`, `console.log(navigator)` and the interface globals keep working.
public enum GPUBindings {
    public static func install(in ctx: JSContext, unavailableReason: String?) throws {
        let registry = try GPURegistry(ctx)
        let navigatorPrototype = try ctx.global.get("Navigator").get("prototype")
        let getter: JSValue
        if let unavailableReason {
            getter = ctx.function("get gpu") { _, _, _ in throw JSError.typeError(unavailableReason) }
        } else {
            // [SameObject]: one GPU per isolate, created on first use.
            var gpu: JSValue?
            getter = ctx.function("get gpu") { _, _, _ in
                if let gpu { return gpu }
                let created = registry.gpu.wrap(GPUImpl())
                gpu = created
                return created
            }
        }
        try navigatorPrototype.defineAccessor("gpu", get: getter, enumerable: true)
    }
}
