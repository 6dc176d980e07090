import Foundation
import Testing
@testable import Workers

/// float16 tensors through `kiln:onnx` over HTTP, as onnxruntime-web shapes them: a `Uint16Array` of bit
/// patterns in and out. The models are ONNX's own Cast node tests (Debian libonnx-testdata).
@Suite struct OnnxFloat16Tests {
    static let nodeTests = "/usr/share/libonnx-testdata/data/node"

    /// A model's bytes as a JS array literal, so the Worker needs no R2 set-up.
    static func literal(_ test: String) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(nodeTests)/\(test)/model.onnx"))
        return "new Uint8Array([" + bytes.map(String.init).joined(separator: ",") + "])"
    }

    @Test func float16TensorsCrossAsUint16Arrays() async throws {
        let values: [Float] = [1, 0.1, -2.5, 65504, 65520, 1e-5, 0x1p-25, 3.14159, -0.0, 1000.3, 2049, -7]
        let toml = """
            name = "half"
            main = "index.js"
            compatibility_flags = ["experimental", "webgpu"]
            [[durable_objects.bindings]]
            name = "GPU"
            class_name = "Model"
            """
        let js = """
            import { InferenceSession, Tensor } from "kiln:onnx";
            const toHalf = \(try Self.literal("test_cast_FLOAT_to_FLOAT16"));
            const fromHalf = \(try Self.literal("test_cast_FLOAT16_to_FLOAT"));
            export class Model {
              async fetch() {
                const lines = [];
                const down = await InferenceSession.create(toHalf);
                const x = new Float32Array([\(values.map { "\($0)" }.joined(separator: ","))]);
                const half = (await down.run({ input: new Tensor("float32", x, [3, 4]) })).output;
                lines.push(`${half.type} ${half.data.constructor.name} ${Array.from(half.data).join(",")}`);
                const up = await InferenceSession.create(fromHalf);
                const back = (await up.run({ input: new Tensor("float16", half.data, [3, 4]) })).output;
                lines.push(`${back.type} ${Array.from(back.data).join(",")}`);
                try { new Tensor("float16", [1, 2, 3]); } catch (e) { lines.push(`${e.name}: ${e.message}`); }
                try { await up.run({ input: new Tensor("float32", x, [3, 4]) }); } catch (e) { lines.push(e.message); }
                return new Response(lines.join("\\n"));
              }
            }
            export default { fetch: (request, env) => env.GPU.getByName("a").fetch(request) };
            """
        try await RuntimeHarness.with(files: ["wrangler.toml": toml, "index.js": js], cpuTimeLimit: .seconds(30)) { h in
            let reply = try await h.get("/")
            let lines = reply.text.split(separator: "\n").map(String.init)
            try #require(lines.count == 4, "\(reply.status): \(reply.text)")
            let bits = values.map { Float16($0).bitPattern }
            #expect(lines[0] == "float16 Uint16Array " + bits.map(String.init).joined(separator: ","))
            // Compared as numbers: JS prints the widened values as doubles.
            let widened = bits.map { Double(Float(Float16(bitPattern: $0))) }
            let printed = lines[1].split(separator: " ").last?.split(separator: ",").compactMap { Double(String($0)) }
            #expect(lines[1].hasPrefix("float32 ") && printed == widened, "\(lines[1])")
            #expect(lines[2] == "TypeError: kiln:onnx: a float16 tensor needs its values' bit patterns in a Uint16Array, not an array of numbers")
            #expect(lines[3].contains("must be float16, got float32"), "\(lines[3])")
        }
    }
}
