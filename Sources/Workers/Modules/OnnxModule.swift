import Foundation
import JavaScript
import ONNX

/// The `kiln:onnx` built-in module, shaped like onnxruntime-web:
/// `InferenceSession.create(bytes or url)` → session with `inputNames`, `outputNames`, `inputMetadata`, `outputMetadata` and
/// `run({name: new Tensor('float32', data, dims)})` → `{name: Tensor}` (`.type`, `.data`, `.dims`).
/// Sessions run on the GPU (`ONNX.InferenceSession`) as Swift tasks, so the isolate keeps serving while a
/// model loads or runs. Like `navigator.gpu`, it works only in Durable Objects with the `webgpu` and
/// `experimental` compatibility flags: elsewhere `create` rejects with workerd's reason.
enum OnnxModule {
    static let specifier = "kiln:onnx"

    static func makeExports(in ctx: JSContext) throws -> JSValue {
        let sessions = OnnxSessionTable()
        let native = ctx.object()
        // create(bytes) → [id, inputNames, outputNames, inputMetadata, outputMetadata]
        try native.set("create", ctx.function("create", length: 1) { ctx, _, args in
            if let reason = RuntimeContext.current?.webgpuUnavailableReason {
                throw OnnxModuleError.type(reason)
            }
            guard args[0].isBufferSource else {
                throw OnnxModuleError.type("InferenceSession.create expects the model's bytes (ArrayBuffer or Uint8Array)")
            }
            let model = Data(try args[0].bytes())
            return try ctx.promise({ () -> (Int, [Graph.ValueInfo], [Graph.ValueInfo]) in
                do {
                    let context = try await OnnxSessionTable.gpuContext()
                    let session = try await InferenceSession(model: model, options: .init(context: context))
                    return (sessions.add(session), session.inputs, session.graph.outputs)
                } catch { throw OnnxModuleError.js(error) }
            }, then: { ctx, created in
                let (id, inputs, outputs) = created
                return try ctx.array([ctx.number(id), ctx.array(inputs.map { ctx.string($0.name) }), ctx.array(outputs.map { ctx.string($0.name) }),
                                      ctx.array(try inputs.map { try metadata($0, ctx) }), ctx.array(try outputs.map { try metadata($0, ctx) })])
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

    /// onnxruntime-web's `InferenceSession.ValueMetadata` of a model input or output: `{name, isTensor, type,
    /// shape}`, a symbolic dimension given by its name ("" where it has none).
    static func metadata(_ value: Graph.ValueInfo, _ ctx: JSContext) throws -> JSValue {
        let shape = value.shape.enumerated().map { index, dimension in
            dimension.map { ctx.number($0) } ?? ctx.string(index < value.dimensionNames.count ? value.dimensionNames[index] : "")
        }
        let object = ctx.object()
        try object.set("name", ctx.string(value.name))
        try object.set("isTensor", ctx.bool(true))
        try object.set("type", ctx.string(value.type.rawValue))
        try object.set("shape", ctx.array(shape))
        return object
    }
}
