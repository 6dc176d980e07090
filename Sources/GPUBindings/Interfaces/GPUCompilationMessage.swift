import JavaScript
import WebGPU

/// GPUCompilationMessage (WebGPU §9.1.2): one error/warning/info from the WGSL compiler, with its position
/// (1-based line and column; offset and length in UTF-16 code units of the source, as naga reports them).
final class GPUCompilationMessageImpl {
    let message: CompilationMessage
    init(_ message: CompilationMessage) { self.message = message }
}

extension GPURegistry {
    func defineGPUCompilationMessage(_ ctx: JSContext) throws -> NativeClass<GPUCompilationMessageImpl> {
        try ctx.defineClass("GPUCompilationMessage", payload: GPUCompilationMessageImpl.self) { b in
            b.getter("message") { ctx, m in ctx.string(m.message.message) }
            b.getter("type") { ctx, m in ctx.string(m.message.type.rawValue) }
            b.getter("lineNum") { ctx, m in ctx.number(Double(m.message.lineNum)) }
            b.getter("linePos") { ctx, m in ctx.number(Double(m.message.linePos)) }
            b.getter("offset") { ctx, m in ctx.number(Double(m.message.offset)) }
            b.getter("length") { ctx, m in ctx.number(Double(m.message.length)) }
        }
    }
}
