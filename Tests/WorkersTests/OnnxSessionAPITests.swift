import Foundation
import Testing
@testable import Workers

/// The parts of onnxruntime-web's API around `run` that Workers lean on: `env` settings, a model created from
/// its URL, fetches given as names or as a map, run options told apart from fetches, tensors whose type is
/// read from their data, and the Tensor's `reshape`, `getData`, `location` and `dispose`.
@Suite struct OnnxSessionAPITests {
    @Test func fetchesRunOptionsAndTensorMethodsBehaveAsInOnnxruntimeWeb() async throws {
        let reply = try await OnnxModelObject.get(module: """
            const model = \(try OnnxModelObject.literal(nodeTest: "test_split_equal_parts_1d"));
            export class Model {
              async fetch(request) {
                const path = new URL(request.url).pathname;
                if (path === "/model.onnx") return new Response(model);
                if (path !== "/") return new Response("no such model", { status: 404 });
                const lines = [];
                const ort = await import("kiln:onnx");
                ort.env.wasm.numThreads = 1;
                ort.env.logLevel = "error";
                // The object serves its model itself, over real HTTP through kiln's server.
                const session = await InferenceSession.create(new URL("/model.onnx", request.url).href);
                try { await InferenceSession.create(new URL("/missing.onnx", request.url)); } catch (e) { lines.push(e.message); }
                const x = new Tensor("float32", [1, 2, 3, 4, 5, 6], [6]);
                const keys = async (...rest) => Object.keys(await session.run({ input: x }, ...rest)).join(",");
                lines.push(await keys());
                lines.push(await keys({ logSeverityLevel: 0, tag: "run options" }));
                lines.push(await keys(["output_2"]));
                lines.push(await keys({ output_3: null }, { logSeverityLevel: 0 }));
                try { await keys(["output_9"]); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
                const grid = x.reshape([2, 3]);
                lines.push(`${grid.dims} ${grid.data === x.data} ${x.location} ${(await x.getData()) === x.data}`);
                x.dispose();
                try { x.data; } catch (e) { lines.push(e.message); }
                try { await session.run({ input: x }); } catch (e) { lines.push(e.message); }
                lines.push(`${ort.env.wasm.numThreads} ${ort.env.logLevel} ${ort.default.env === ort.env}`);
                const inferred = [new Tensor(new Float32Array(4), [2, 2]), new Tensor([true, false]), new Tensor(new BigInt64Array(3))];
                lines.push(inferred.map((t) => `${t.type}[${t.dims}]`).join(" "));
                for (const data of [[1, 2], new Uint8Array(2)]) {
                  try { new Tensor(data); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
                }
                return new Response(lines.join("\\n"));
              }
            }
            """)
        #expect(reply.text.split(separator: "\n").map(String.init).dropFirst() == [
            "output_1,output_2,output_3",
            "output_1,output_2,output_3",
            "output_2",
            "output_3",
            "RangeError: kiln:onnx: 'output_9' in fetches is not an output of the model",
            "2,3 true cpu true",
            "kiln:onnx: the tensor is disposed",
            "kiln:onnx: the tensor is disposed",
            "1 error true",
            "float32[2,2] bool[2] int64[3]",
            "TypeError: kiln:onnx: a tensor's type cannot be inferred from an array of number; give it",
            "TypeError: kiln:onnx: unsupported tensor type 'uint8' (float32, float16, int64, int32, bool)",
        ], "\(reply.status): \(reply.text)")
        let missing = reply.text.prefix { $0 != "\n" }
        #expect(missing.hasPrefix("kiln:onnx: fetching the model from http://127.0.0.1:") && missing.hasSuffix("/missing.onnx answered 404 Not Found"),
                "\(missing)")
    }
}
