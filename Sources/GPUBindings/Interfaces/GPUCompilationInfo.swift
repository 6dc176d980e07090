import JavaScript
import WebGPU

/// GPUCompilationInfo (WebGPU §9.1.2): the messages of one shader compilation, as a frozen array.
final class GPUCompilationInfoImpl {
    let info: CompilationInfo
    /// [SameObject] messages, built on first read.
    var messages: JSValue?
    init(_ info: CompilationInfo) { self.info = info }
}

extension GPURegistry {
    func defineGPUCompilationInfo(_ ctx: JSContext) throws -> NativeClass<GPUCompilationInfoImpl> {
        let freeze = try ctx.global.get("Object").get("freeze")
        return try ctx.defineClass("GPUCompilationInfo", payload: GPUCompilationInfoImpl.self) { b in
            b.getter("messages") { ctx, info in
                if let messages = info.messages { return messages }
                let array = try ctx.array(info.info.messages.map { self.compilationMessage.wrap(GPUCompilationMessageImpl($0)) })
                let messages = try freeze.call([array])
                info.messages = messages
                return messages
            }
        }
    }
}
