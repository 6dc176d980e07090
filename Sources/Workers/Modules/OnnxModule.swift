import Foundation
import JavaScript
import ONNX

/// The `kiln:onnx` built-in module, shaped like onnxruntime-web:
/// `InferenceSession.create(bytes)` → session with `inputNames`, `outputNames` and
/// `run({name: new Tensor('float32', data, dims)})` → `{name: Tensor}` (`.type`, `.data`, `.dims`).
/// Sessions run on the GPU (`ONNX.InferenceSession`) as Swift tasks, so the isolate keeps serving while a
/// model loads or runs. Like `navigator.gpu`, it works only in Durable Objects with the `webgpu` and
/// `experimental` compatibility flags: elsewhere `create` rejects with workerd's reason.
enum OnnxModule {
    static let specifier = "kiln:onnx"

    static func makeExports(in ctx: JSContext) throws -> JSValue {
        let sessions = OnnxSessionTable()
        let native = ctx.object()
        // create(bytes) → [id, inputNames, outputNames]
        try native.set("create", ctx.function("create", length: 1) { ctx, _, args in
            if let reason = RuntimeContext.current?.webgpuUnavailableReason {
                throw OnnxModuleError.type(reason)
            }
            guard args[0].isBufferSource else {
                throw OnnxModuleError.type("InferenceSession.create expects the model's bytes (ArrayBuffer or Uint8Array)")
            }
            let model = Data(try args[0].bytes())
            return try ctx.promise({ () -> (Int, [String], [String]) in
                do {
                    let context = try await OnnxSessionTable.gpuContext()
                    let session = try await InferenceSession(model: model, options: .init(context: context))
                    return (sessions.add(session), session.inputNames, session.outputNames)
                } catch { throw OnnxModuleError.js(error) }
            }, then: { ctx, created in
                try ctx.array([ctx.number(created.0), ctx.array(created.1.map(ctx.string)), ctx.array(created.2.map(ctx.string))])
            })
        })
        // run(id, names, types, dims, datas) → [name, type, dims, data, name, ...]
        try native.set("run", ctx.function("run", length: 5) { ctx, _, args in
            let session = try sessions.session(try Int(args[0].toDouble()))
            let names = try args[1].toArray().map { try $0.toString() }
            let types = try args[2].toArray().map { try $0.toString() }
            let dims = try args[3].toArray().map { try $0.toArray().map { try Int($0.toDouble()) } }
            let datas = try args[4].toArray()
            guard types.count == names.count, dims.count == names.count, datas.count == names.count else {
                throw OnnxModuleError.type("run: feeds are malformed")
            }
            let feeds = try Dictionary(names.indices.map { index in
                (names[index], try OnnxTensorBridge.tensor(type: types[index], dims: dims[index], data: datas[index], name: names[index]))
            }, uniquingKeysWith: { first, _ in first })
            let order = session.outputNames
            return try ctx.promise({ () -> [String: ONNX.Tensor] in
                do { return try await session.run(feeds: feeds) } catch { throw OnnxModuleError.js(error) }
            }, then: { ctx, outputs in
                var parts: [JSValue] = []
                for name in order {
                    guard let tensor = outputs[name] else { continue }
                    parts.append(ctx.string(name))
                    parts += try OnnxTensorBridge.jsParts(tensor, ctx)
                }
                return try ctx.array(parts)
            })
        })
        try native.set("release", ctx.function("release", length: 1) { ctx, _, args in
            sessions.release(try Int(args[0].toDouble()))
            return ctx.undefined
        })
        let glue = try ctx.evaluate("(function (native) {\n\"use strict\";\n" + WorkerScripts.source("onnx-module") + "\n})",
                                    sourceURL: "kiln:onnx.js", line: 0)
        return try glue.call([native])
    }
}
