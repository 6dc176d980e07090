import JavaScript
import WebGPU

/// GPUDeviceLostInfo (WebGPU §22.2): what `device.lost` resolves with.
final class GPUDeviceLostInfoImpl {
    let reason: String
    let message: String
    init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }
}

extension GPURegistry {
    func defineGPUDeviceLostInfo(_ ctx: JSContext) throws -> NativeClass<GPUDeviceLostInfoImpl> {
        try ctx.defineClass("GPUDeviceLostInfo", payload: GPUDeviceLostInfoImpl.self) { b in
            b.getter("reason") { ctx, object in ctx.string(object.reason) }
            b.getter("message") { ctx, object in ctx.string(object.message) }
        }
    }
}
