import Foundation
import Testing
@testable import ONNX

@Suite struct InferenceSessionTests {
    /// y = relu(x · W + b) with a batch dimension, so batch 1 and 3 compile separately.
    func linearModel() throws -> Data {
        var builder = ModelBuilder()
        builder.input("x", [nil, 3])
        builder.initializer("w", Tensor(shape: [3, 2], floats: [1, -1, 2, 0.5, -3, 1]))
        builder.initializer("b", Tensor(shape: [2], floats: [0.5, -0.25]))
        builder.node("MatMul", ["x", "w"], ["m"])
        builder.node("Add", ["m", "b"], ["a"])
        builder.node("Relu", ["a"], ["y"])
        builder.output("y", [nil, 2])
        return try builder.data()
    }

    func expected(_ rows: [[Float]]) -> [Float] {
        rows.flatMap { r -> [Float] in
            let first: Float = r[0] + 2 * r[1] - 3 * r[2] + 0.5
            let second: Float = -r[0] + 0.5 * r[1] + r[2] - 0.25
            return [max(0, first), max(0, second)]
        }
    }

    @Test func runsBatchesOfDifferentSizes() async throws {
        let session = try await TestGPU.session(try linearModel())
        #expect(session.inputNames == ["x"])
        #expect(session.outputNames == ["y"])
        let one: [[Float]] = [[1, 2, 0.5]]
        let three: [[Float]] = [[1, 2, 0.5], [-1, 0, 2], [0.25, 4, 1]]
        let y1 = try await session.run(feeds: ["x": Tensor(shape: [1, 3], floats: one.flatMap { $0 })])["y"]
        let y3 = try await session.run(feeds: ["x": Tensor(shape: [3, 3], floats: three.flatMap { $0 })])["y"]
        #expect(y1?.shape == [1, 2])
        #expect(y1?.floats == expected(one))
        #expect(y3?.shape == [3, 2])
        #expect(y3?.floats == expected(three))
    }

    @Test func rejectsBadFeedsWithClearErrors() async throws {
        let session = try await TestGPU.session(try linearModel())
        await #expect(throws: ONNXError.invalidFeed("missing input 'x'")) { try await session.run(feeds: [:]) }
        let wrongShape = await #expect(throws: ONNXError.self) {
            try await session.run(feeds: ["x": Tensor(shape: [2, 4], floats: Array(repeating: 0, count: 8))])
        }
        #expect(wrongShape.map { "\($0)" }?.contains("shape") == true)
        let wrongType = await #expect(throws: ONNXError.self) {
            try await session.run(feeds: ["x": Tensor(shape: [1, 3], int64s: [1, 2, 3])])
        }
        #expect(wrongType.map { "\($0)" }?.contains("float32") == true)
        await #expect(throws: ONNXError.self) {
            try await session.run(feeds: ["x": Tensor(shape: [1, 3], floats: [1, 2, 3]), "z": Tensor(shape: [1], floats: [0])])
        }
        // The session still works after the errors.
        let y = try await session.run(feeds: ["x": Tensor(shape: [1, 3], floats: [1, 2, 0.5])])["y"]
        #expect(y?.floats == expected([[1, 2, 0.5]]))
    }

    @Test func convolutionMatchesDirectComputation() async throws {
        // 2 input channels, 3 output channels, 3×3 kernel, stride 1, pad 1, on a 5×6 image; then a fused Relu.
        var builder = ModelBuilder()
        builder.input("x", [1, 2, 5, 6])
        let weights = (0..<54).map { Float(($0 * 7) % 11) / 10 - 0.5 }
        builder.initializer("w", Tensor(shape: [3, 2, 3, 3], floats: weights))
        builder.initializer("b", Tensor(shape: [3], floats: [0.1, -0.2, 0.3]))
        builder.node("Conv", ["x", "w", "b"], ["c"], ints: ["pads": [1, 1, 1, 1]])
        builder.node("Relu", ["c"], ["y"])
        builder.output("y")
        let input = (0..<60).map { Float(($0 * 5) % 13) / 6 - 1 }
        let session = try await TestGPU.session(try builder.data())
        let y = try #require(try await session.run(feeds: ["x": Tensor(shape: [1, 2, 5, 6], floats: input)])["y"])
        var want: [Float] = []
        for oc in 0..<3 {
            for oy in 0..<5 {
                for ox in 0..<6 {
                    var sum: Float = [0.1, -0.2, 0.3][oc]
                    for ic in 0..<2 {
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let (iy, ix) = (oy + ky - 1, ox + kx - 1)
                                guard iy >= 0, iy < 5, ix >= 0, ix < 6 else { continue }
                                sum += input[(ic * 5 + iy) * 6 + ix] * weights[((oc * 2 + ic) * 3 + ky) * 3 + kx]
                            }
                        }
                    }
                    want.append(max(sum, 0))
                }
            }
        }
        #expect(y.shape == [1, 3, 5, 6])
        #expect(zip(y.floats, want).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
