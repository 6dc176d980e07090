import JavaScript
import WebGPU

/// GPUDeviceLostInfo (WebGPU §22.2): what `device.lost` resolves with.
final class GPUDeviceLostInfoImpl {
    let info: DeviceLostInfo
    init(_ info: DeviceLostInfo) { self.info = info }
}

extension GPURegistry {
    func defineGPUDeviceLostInfo(_ ctx: JSContext) throws -> NativeClass<GPUDeviceLostInfoImpl> {
        try ctx.defineClass("GPUDeviceLostInfo", payload: GPUDeviceLostInfoImpl.self) { b in
            b.getter("reason") { ctx, object in ctx.string(object.info.reason.rawValue) }
            b.getter("message") { ctx, object in ctx.string(object.info.message) }
        }
    }
}
