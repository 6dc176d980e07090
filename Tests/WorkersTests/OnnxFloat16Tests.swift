import Foundation
import Testing
@testable import ONNX
@testable import Workers

/// float16 tensors through `kiln:onnx` over HTTP, as onnxruntime-web shapes them where the engine has a
/// Float16Array (JavaScriptCore 2.50 does): Float16Array data in and out, a Uint16Array of bit patterns or an
/// array of numbers taken too; and `inputMetadata`/`outputMetadata`, where a Worker reads which type a model
/// wants. The models are ONNX's own Cast node tests (Debian libonnx-testdata) and a Relu built here.
@Suite struct OnnxFloat16Tests {
    /// Relu over a float16 tensor of shape [batch, 4], "batch" symbolic: for `inputMetadata`'s named dimensions.
    static func batchedReluLiteral() throws -> String {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 13
        model.opsetImport = [opset]
        var node = Onnx_NodeProto()
        (node.opType, node.input, node.output) = ("Relu", ["x"], ["y"])
        model.graph.node = [node]
        func value(_ name: String) -> Onnx_ValueInfoProto {
            var info = Onnx_ValueInfoProto()
            info.name = name
            info.type.tensorType.elemType = ElementType.float16.onnxCode
            var batch = Onnx_TensorShapeProto.Dimension(), width = Onnx_TensorShapeProto.Dimension()
            (batch.dimParam, width.dimValue) = ("batch", 4)
            info.type.tensorType.shape.dim = [batch, width]
            return info
        }
        (model.graph.input, model.graph.output) = ([value("x")], [value("y")])
        return OnnxModelObject.literal(try model.serializedData())
    }

    @Test func float16TensorsAndMetadataCrossKilnOnnx() async throws {
        let values: [Float] = [1, 0.1, -2.5, 65504, 65520, 1e-5, 0x1p-25, 3.14159, -0.0, 1000.3, 2049, -7]
        let reply = try await OnnxModelObject.get(module: """
            const toHalf = \(try OnnxModelObject.literal(nodeTest: "test_cast_FLOAT_to_FLOAT16"));
            const fromHalf = \(try OnnxModelObject.literal(nodeTest: "test_cast_FLOAT16_to_FLOAT"));
            const batchedRelu = \(try Self.batchedReluLiteral());
            export class Model {
              async fetch() {
                const lines = [];
                const down = await InferenceSession.create(toHalf);
                const x = new Float32Array([\(values.map { "\($0)" }.joined(separator: ","))]);
                const half = (await down.run({ input: new Tensor("float32", x, [3, 4]) })).output;
                const bits = new Uint16Array(half.data.buffer, half.data.byteOffset, half.data.length);
                lines.push(`${half.type} ${half.data.constructor.name} ${Array.from(bits).join(",")}`);
                const up = await InferenceSession.create(fromHalf);
                const back = (await up.run({ input: new Tensor("float16", half.data, [3, 4]) })).output;
                lines.push(`${back.type} ${Array.from(back.data).join(",")}`);
                const fromBits = new Tensor("float16", new Uint16Array(bits), [3, 4]);
                const again = (await up.run({ input: fromBits })).output;
                lines.push(`${fromBits.data.constructor.name} ${Array.from(again.data).join(",") === Array.from(back.data).join(",")}`);
                lines.push(Array.from(new Tensor("float16", [1, 2.5, 65520, 0.1]).data).join(","));
                try { await up.run({ input: new Tensor("float32", x, [3, 4]) }); } catch (e) { lines.push(e.message); }
                const relu = await InferenceSession.create(batchedRelu);
                lines.push(JSON.stringify([down.inputMetadata, down.outputMetadata, relu.inputMetadata]));
                const rectified = (await relu.run({ x: new Tensor("float16", [-1, 0.5, 2, -3, 4, 5, -6, 7], [2, 4]) })).y;
                lines.push(`${rectified.dims} ${Array.from(rectified.data)}`);
                return new Response(lines.join("\\n"));
              }
            }
            """)
        let lines = reply.text.split(separator: "\n").map(String.init)
        try #require(lines.count == 7, "\(reply.status): \(reply.text)")
        let bits = values.map { Float16($0).bitPattern }
        #expect(lines[0] == "float16 Float16Array " + bits.map(String.init).joined(separator: ","))
        // Compared as numbers: JS prints the widened values as doubles.
        let widened = bits.map { Double(Float(Float16(bitPattern: $0))) }
        let printed = lines[1].split(separator: " ").last?.split(separator: ",").compactMap { Double(String($0)) }
        #expect(lines[1].hasPrefix("float32 ") && printed == widened, "\(lines[1])")
        #expect(lines[2] == "Float16Array true", "a Uint16Array of bit patterns is viewed as float16 values")
        let rounded = lines[3].split(separator: ",").compactMap { Double(String($0)) }
        #expect(rounded == [1, 2.5, .infinity, Double(Float(Float16(0.1)))], "an array of numbers is rounded to float16: \(lines[3])")
        #expect(lines[4].contains("must be float16, got float32"), "\(lines[4])")
        #expect(lines[5] == #"[[{"name":"input","isTensor":true,"type":"float32","shape":[3,4]}],"#
                + #"[{"name":"output","isTensor":true,"type":"float16","shape":[3,4]}],"#
                + #"[{"name":"x","isTensor":true,"type":"float16","shape":["batch",4]}]]"#, "\(lines[5])")
        #expect(lines[6] == "2,4 0,0.5,2,0,4,5,0,7", "\(lines[6])")
    }
}
