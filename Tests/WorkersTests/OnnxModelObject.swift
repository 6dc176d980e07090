import Foundation
@testable import Workers

/// A project whose Durable Object class `Model` uses `kiln:onnx` (under the flags it needs), for the tests of
/// that module's API: each test supplies the module's JS, and reads what `GET /` on the object answers.
enum OnnxModelObject {
    static let nodeTests = "/usr/share/libonnx-testdata/data/node"

    /// Serves `module` (JS defining `export class Model`, with `InferenceSession` and `Tensor` imported) and
    /// fetches `/` from the object named "a".
    static func get(module: String) async throws -> HTTPClient.Reply {
        let toml = """
            name = "onnx"
            main = "index.js"
            compatibility_flags = ["experimental", "webgpu"]
            [[durable_objects.bindings]]
            name = "GPU"
            class_name = "Model"
            """
        let js = """
            import { InferenceSession, Tensor } from "kiln:onnx";
            \(module)
            export default { fetch: (request, env) => env.GPU.getByName("a").fetch(request) };
            """
        return try await RuntimeHarness.with(files: ["wrangler.toml": toml, "index.js": js], cpuTimeLimit: .seconds(30)) { h in
            try await h.get("/")
        }
    }

    /// A model's bytes as a JS array literal, so the Worker needs no R2 set-up.
    static func literal(_ bytes: Data) -> String {
        "new Uint8Array([" + bytes.map(String.init).joined(separator: ",") + "])"
    }

    /// The model of one of ONNX's node tests (Debian libonnx-testdata), as a JS array literal.
    static func literal(nodeTest: String) throws -> String {
        literal(try Data(contentsOf: URL(fileURLWithPath: "\(nodeTests)/\(nodeTest)/model.onnx")))
    }
}
