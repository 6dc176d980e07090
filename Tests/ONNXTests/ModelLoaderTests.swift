import Foundation
import Testing
@testable import ONNX

@Suite struct ModelLoaderTests {
    func reluModel() throws -> Data {
        var builder = ModelBuilder()
        builder.input("x", [2, 3])
        builder.node("Relu", ["x"], ["y"], name: "relu")
        builder.output("y", [2, 3])
        return try builder.data()
    }

    @Test func loadsNodesInputsAndOpset() throws {
        let graph = try ModelLoader.load(try reluModel())
        #expect(graph.nodes.map(\.opType) == ["Relu"])
        #expect(graph.feedInputs.map(\.name) == ["x"])
        #expect(graph.inputs[0].shape == [2, 3])
        #expect(graph.opset == 13)
    }

    @Test func rejectsTruncatedBytes() throws {
        let data = try reluModel()
        #expect(throws: ONNXError.self) { try ModelLoader.load(data.prefix(data.count - 5)) }
    }

    @Test func rejectsNonONNXBytes() {
        let error = #expect(throws: ONNXError.self) { try ModelLoader.load(Data("hello, this is not a model".utf8)) }
        #expect(error.map { "\($0)" }?.contains("not a valid ONNX model") == true)
        #expect(throws: ONNXError.self) { try ModelLoader.load(Data()) }
    }

    @Test func rejectsOpsetOutsideRange() throws {
        var builder = ModelBuilder()
        builder.opset = 30
        builder.input("x", [1])
        builder.node("Relu", ["x"], ["y"])
        builder.output("y")
        #expect(throws: ONNXError.self) { try ModelLoader.load(try builder.data()) }
    }

    @Test func namesUnsupportedOperatorAndNode() async throws {
        var builder = ModelBuilder()
        builder.input("x", [1, 4])
        builder.node("NonMaxSuppression", ["x"], ["y"], name: "nms_1")
        builder.output("y")
        let graph = try ModelLoader.load(try builder.data())
        #expect(throws: ONNXError.unsupportedOperator(node: "nms_1", op: "NonMaxSuppression", detail: nil)) {
            try InferenceSession.checkOperators(graph)
        }
    }

    @Test func rejectsUseBeforeDefinition() throws {
        var builder = ModelBuilder()
        builder.input("x", [1])
        builder.node("Add", ["x", "missing"], ["y"], name: "add")
        builder.output("y")
        let error = #expect(throws: ONNXError.self) { try ModelLoader.load(try builder.data()) }
        #expect(error.map { "\($0)" }?.contains("missing") == true)
    }

    @Test func decodesRawAndTypedInitializers() throws {
        var raw = Onnx_TensorProto()
        raw.dataType = 7
        raw.dims = [2]
        raw.rawData = Data([5, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(try TensorDecoding.decode(raw, context: "test").int64s == [5, -1])
        var typed = Onnx_TensorProto()
        typed.dataType = 1
        typed.dims = [1, 2]
        typed.floatData = [1.5, -2]
        #expect(try TensorDecoding.decode(typed, context: "test") == Tensor(shape: [1, 2], floats: [1.5, -2]))
        var short = raw
        short.rawData = Data([1, 2, 3])
        #expect(throws: ONNXError.self) { try TensorDecoding.decode(short, context: "test") }
        var double = typed
        double.dataType = 11
        #expect(throws: ONNXError.self) { try TensorDecoding.decode(double, context: "test") }
    }
}
