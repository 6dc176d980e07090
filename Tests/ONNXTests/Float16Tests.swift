import Foundation
import Testing
@testable import ONNX

/// float16 tensors: they enter and leave as float16, a Cast to float16 rounds on the GPU, and ops in between
/// compute in f32 (see `ElementType`).
@Suite struct Float16Tests {
    /// float32 values around every case of rounding to float16: midpoints between neighbouring float16s
    /// (ties go to the even one) in the normal and subnormal ranges, the overflow threshold, values too
    /// small for a subnormal, infinities, NaN and signed zero, then random values over float16's range.
    static func awkwardValues() -> [Float] {
        var values: [Float] = [0, -0.0, .infinity, -.infinity, .nan, 65504, 65519.99, 65520, -65520, 1e6, 1e-10,
                               -1e-10, 0x1p-24, 0x1p-25, 0x1.8p-25, 0x1p-14, 0x1.ffcp-15, 1 / 3, 0.1, -2049, 2051]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        for _ in 0..<600 {
            // A finite float16 and its upper neighbour: their midpoint and values just either side of it.
            let half = Float16(bitPattern: UInt16(next() % 0x7bff) | UInt16(next() & 1) << 15)
            let neighbour = half.nextUp
            let midpoint = (Float(half) + Float(neighbour)) / 2
            values += [midpoint, midpoint.nextUp, midpoint.nextDown]
        }
        for _ in 0..<600 {
            // Sign, an exponent from 2^-26 to 2^16, and any 23 mantissa bits.
            let bits = UInt32(next() & 1) << 31 | UInt32(101 + next() % 43) << 23 | UInt32(next() & 0x7f_ffff)
            values.append(Float(bitPattern: bits))
        }
        return values
    }

    @Test func castRoundsToNearestFloat16OnTheGPU() async throws {
        let values = Self.awkwardValues()
        #expect(values.count > InferenceSession.maxKnownValueElements, "so the casts run on the GPU, not folded on the host")
        var builder = ModelBuilder()
        builder.input("x", [values.count])
        builder.node("Cast", ["x"], ["h"], int: ["to": Int(ElementType.float16.onnxCode)])
        builder.node("Cast", ["h"], ["y"], int: ["to": Int(ElementType.float32.onnxCode)])
        builder.output("h", [values.count], type: .float16)
        builder.output("y", [values.count])
        let session = try await TestGPU.session(try builder.data())
        let results = try await session.run(feeds: ["x": Tensor(shape: [values.count], floats: values)])
        let roundTrip = try #require(results["y"])
        #expect(roundTrip.type == .float32)
        var wrong: [String] = []
        for (value, actual) in zip(values, roundTrip.floats) {
            let expected = Float(Float16(value))
            if !(actual == expected || actual.isNaN && expected.isNaN) { wrong.append("\(value) → \(actual), expected \(expected)") }
        }
        #expect(wrong.count == 0, "\(wrong.count) of \(values.count) wrong: \(wrong.prefix(8))")
        let half = try #require(results["h"])
        #expect(half.type == .float16)
        #expect(zip(half.float16Bits, values).allSatisfy { $0 == Float16($1).bitPattern || Float16($1).isNaN && Float16(bitPattern: $0).isNaN })
    }

    /// y = relu(x · W + b) entirely in float16: small integers and halves, whose f32 sums are exact, so the only
    /// rounding is the output's (sums above 2048 fall between float16s, which are 2 apart there).
    @Test func float16ModelTakesAndReturnsFloat16() async throws {
        var builder = ModelBuilder()
        builder.input("x", [nil, 3], type: .float16)
        builder.initializer("w", Tensor(shape: [3, 2], floats: [1, -1, 2, 0.5, -3, 1], type: .float16))
        builder.initializer("b", Tensor(shape: [2], floats: [0.5, -0.25], type: .float16))
        builder.node("MatMul", ["x", "w"], ["m"])
        builder.node("Add", ["m", "b"], ["a"])
        builder.node("Relu", ["a"], ["y"])
        builder.output("y", [nil, 2], type: .float16)
        let session = try await TestGPU.session(try builder.data())

        let rows: [[Float]] = (0..<40).map { (row: Int) -> [Float] in
            [Float(row * 397 % 4001), Float(row * 31 % 509), Float(row % 7)]
        }
        let x = Tensor(shape: [rows.count, 3], floats: rows.flatMap { $0 }, type: ElementType.float16)
        let results = try await session.run(feeds: ["x": x])
        let y = try #require(results["y"])
        #expect(y.type == .float16 && y.shape == [rows.count, 2])
        // The feed holds x rounded to float16 (4001 is not a float16), as the model sees it.
        let fed: [[Float]] = stride(from: 0, to: x.count, by: 3).map { Array(x.floats[$0..<($0 + 3)]) }
        let expected: [Float] = fed.flatMap { (r: [Float]) -> [Float] in
            let first: Float = r[0] + 2 * r[1] - 3 * r[2] + 0.5
            let second: Float = -r[0] + 0.5 * r[1] + r[2] - 0.25
            return [max(0, first), max(0, second)]
        }
        #expect(y.float16Bits == expected.map { Float16($0).bitPattern })
        #expect(y.floats.contains { $0 > 2048 }, "some outputs must need rounding")

        let wrongType = await #expect(throws: ONNXError.self) {
            try await session.run(feeds: ["x": Tensor(shape: [1, 3], floats: [1, 2, 3])])
        }
        #expect(wrongType.map { "\($0)" }?.contains("must be float16, got float32") == true)
    }

    @Test func float16TensorsRoundTripThroughTensorProtos() throws {
        let bits: [UInt16] = [0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x7c00, 0xfc00]
        let tensor = Tensor(shape: [3, 3], float16Bits: bits)
        let decoded = try Tensor(serializedTensorProto: try tensor.serializedTensorProto(name: "t"))
        #expect(decoded.type == .float16 && decoded.shape == [3, 3] && decoded.float16Bits == bits)
        #expect(decoded.floats[2] == 1 && decoded.floats[5] == 0x1p-24 && decoded.floats[7] == .infinity)

        // The typed field holds each value's bits in an int32.
        var proto = Onnx_TensorProto()
        proto.dataType = ElementType.float16.onnxCode
        proto.dims = [2]
        proto.int32Data = [0x3c00, 0xb800]
        #expect(try Tensor(serializedTensorProto: try proto.serializedData()).floats == [1, -0.5])
        proto.int32Data = [0x3c00]
        #expect(throws: ONNXError.self) { try Tensor(serializedTensorProto: try proto.serializedData()) }
    }
}
