import Foundation
import Testing
@testable import ONNX

@Suite struct GraphPassTests {
    @Test func infersConvAndPoolShapesWithAutoPad() throws {
        var builder = ModelBuilder()
        builder.input("x", [1, 3, 15, 15])
        builder.initializer("w", Tensor(shape: [8, 3, 3, 3], floats: Array(repeating: 0.1, count: 216)))
        builder.node("Conv", ["x", "w"], ["c"], ints: ["strides": [2, 2], "pads": [1, 1, 1, 1]])
        builder.node("MaxPool", ["c"], ["p"], ints: ["kernel_shape": [3, 3], "strides": [2, 2]], int: ["ceil_mode": 1])
        builder.output("p")
        let graph = try ModelLoader.load(try builder.data())
        let result = try ShapeInference.run(graph, inputs: ["x": TensorInfo(.float32, [1, 3, 15, 15])])
        #expect(result.infos["c"]?.shape == [1, 8, 8, 8])
        #expect(result.infos["p"]?.shape == [1, 8, 4, 4])
    }

    @Test func foldsShapeArithmeticIntoReshape() throws {
        var builder = ModelBuilder()
        builder.input("x", [nil, 4, 5])
        builder.initializer("zero", Tensor(shape: [1], int64s: [0]))
        builder.initializer("minus1", Tensor(shape: [1], int64s: [-1]))
        builder.node("Shape", ["x"], ["s"])
        builder.node("Gather", ["s", "zero"], ["batch"], int: ["axis": 0])
        builder.node("Concat", ["batch", "minus1"], ["target"], int: ["axis": 0])
        builder.node("Reshape", ["x", "target"], ["y"])
        builder.output("y")
        let graph = try GraphOptimizer.optimize(try ModelLoader.load(try builder.data()))
        let result = try ShapeInference.run(graph, inputs: ["x": TensorInfo(.float32, [3, 4, 5])])
        #expect(result.infos["y"]?.shape == [3, 20])
        #expect(result.constants["target"]?.int64s == [3, -1])
        #expect(result.nodes.map(\.opType) == ["Reshape"])
    }

    @Test func fusesBatchNormIntoConvAndActivationIntoEpilogue() throws {
        var builder = ModelBuilder()
        builder.input("x", [1, 2, 4, 4])
        builder.initializer("w", Tensor(shape: [2, 2, 1, 1], floats: [1, 2, 3, 4]))
        builder.initializer("scale", Tensor(shape: [2], floats: [2, 0.5]))
        builder.initializer("bias", Tensor(shape: [2], floats: [1, -1]))
        builder.initializer("mean", Tensor(shape: [2], floats: [0.5, 0]))
        builder.initializer("var", Tensor(shape: [2], floats: [4, 1]))
        builder.node("Conv", ["x", "w"], ["c"])
        builder.node("BatchNormalization", ["c", "scale", "bias", "mean", "var"], ["b"], float: ["epsilon": 0])
        builder.node("Relu", ["b"], ["y"])
        builder.output("y")
        let graph = try GraphOptimizer.optimize(try ModelLoader.load(try builder.data()))
        #expect(graph.nodes.map(\.opType) == ["Conv", "Relu"])
        let conv = graph.nodes[0]
        // factor = scale / sqrt(var) = [1, 0.5]; W' = W * factor per output channel; B' = (0 - mean) * factor + bias.
        #expect(graph.constants[conv.inputs[1]]?.floats == [1, 2, 1.5, 2])
        #expect(graph.constants[conv.inputs[2]]?.floats == [0.5, -1])
        #expect(graph.constants["scale"] == nil)

        var specialized = graph
        FuseActivation.run(&specialized)
        #expect(specialized.nodes.count == 1)
        #expect(specialized.nodes[0].fusedActivation?.op == "Relu")
        #expect(specialized.nodes[0].outputs == ["y"])
    }

    @Test func removesDeadNodes() throws {
        var builder = ModelBuilder()
        builder.input("x", [2])
        builder.node("Relu", ["x"], ["unused"])
        builder.node("Neg", ["x"], ["y"])
        builder.output("y")
        var graph = try ModelLoader.load(try builder.data())
        DeadNodeElimination.run(&graph)
        #expect(graph.nodes.map(\.opType) == ["Neg"])
    }

    @Test func memoryPlanReusesBuffersByLiveness() {
        // a → b → c → d chain: a and c can share, b and d can share; outputs are pinned.
        let steps: [MemoryPlan.Step] = [
            .init(reads: ["in"], writes: ["a"]), .init(reads: ["a"], writes: ["b"]),
            .init(reads: ["b"], writes: ["c"]), .init(reads: ["c"], writes: ["d"]), .init(reads: ["d"], writes: ["out"]),
        ]
        let sizes = ["a": 400, "b": 800, "c": 300, "d": 800, "out": 100]
        let plan = MemoryPlan.plan(steps: steps, sizes: sizes, pinned: ["out"])
        #expect(plan.slotSizes.count == 3)
        #expect(plan.slotOf["a"] == plan.slotOf["c"])
        #expect(plan.slotOf["b"] == plan.slotOf["d"])
        #expect(plan.slotOf["a"] != plan.slotOf["b"])
        #expect(plan.totalBytes == 400 + 800 + 100)
        // No two values alive at once share a slot.
        #expect(plan.slotOf["out"] != plan.slotOf["d"])
    }
}
