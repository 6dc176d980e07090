import Foundation
import Testing
import WebGPU
@testable import ONNX

/// Feeds that already live in GPU buffers and outputs left on the GPU (`run(feeds:gpuFeeds:)`, `runOnGPU`)
/// give exactly what host feeds give.
@Suite struct GPUFeedTests {
    /// A 3×3 conv (4 → 6 channels, pad 1) with Relu, then a global average pool: two outputs, on a
    /// 4 × 256 × 256 input, 1 MiB per image, so host feeds take the staging-buffer path.
    static func model() throws -> Data {
        var builder = ModelBuilder()
        builder.input("x", [nil, 4, 256, 256])
        builder.initializer("w", Tensor(shape: [6, 4, 3, 3], floats: (0..<216).map { Float(($0 * 5) % 17) / 17 - 0.5 }))
        builder.node("Conv", ["x", "w"], ["c"], ints: ["pads": [1, 1, 1, 1]])
        builder.node("Relu", ["c"], ["y"])
        builder.node("GlobalAveragePool", ["y"], ["pooled"])
        builder.output("y")
        builder.output("pooled")
        return try builder.data()
    }

    static func input(batch: Int, seed: Int) -> Tensor {
        let count = batch * 4 * 256 * 256
        return Tensor(shape: [batch, 4, 256, 256], floats: (0..<count).map { Float((($0 + seed) * 31) % 101) / 50 - 1 })
    }

    /// A buffer holding `tensor` from byte `offset` (the bytes before it are garbage the run must skip).
    static func upload(_ tensor: Tensor, offset: Int, device: Device) throws -> GPUTensor {
        let buffer = try device.createBuffer(BufferDescriptor(label: "test feed", size: UInt64(offset + tensor.count * 4), usage: [.storage, .copySrc, .copyDst]))
        device.queue.writeBuffer(buffer, [Float](repeating: .nan, count: offset / 4) + tensor.floats)
        return GPUTensor(buffer: buffer, shape: tensor.shape, offset: UInt64(offset))
    }

    /// Reads a GPU tensor back through a mapped copy.
    static func read(_ tensor: GPUTensor, device: Device) async throws -> [Float] {
        let readback = try device.createBuffer(BufferDescriptor(label: "test readback", size: UInt64(tensor.byteCount), usage: [.mapRead, .copyDst]))
        let encoder = device.createCommandEncoder(label: "test readback")
        encoder.copyBufferToBuffer(tensor.buffer, sourceOffset: tensor.offset, to: readback, size: UInt64(tensor.byteCount))
        device.queue.submit([try encoder.finish()])
        try await readback.mapAsync(.read)
        defer { readback.destroy() }
        return try readback.readMapped(as: Float.self, count: tensor.count)
    }

    @Test func gpuFeedsGiveTheHostFeedsResults() async throws {
        let device = try await TestGPU.context().device
        let session = try await TestGPU.session(try Self.model())
        let first = Self.input(batch: 1, seed: 1)
        let second = Self.input(batch: 1, seed: 2)
        let expectedFirst = try await session.run(feeds: ["x": first])
        let expectedSecond = try await session.run(feeds: ["x": second])
        #expect(expectedFirst["pooled"]?.floats != expectedSecond["pooled"]?.floats)
        let resident = try Self.upload(second, offset: 256, device: device)
        defer { resident.buffer.destroy() }
        // Alternating with host feeds: the staged upload and the device copy both write the input buffer.
        for _ in 0..<2 {
            let gpu = try await session.run(gpuFeeds: ["x": resident])
            #expect(gpu["y"]?.shape == [1, 6, 256, 256])
            #expect(gpu["y"]?.floats == expectedSecond["y"]?.floats)
            #expect(gpu["pooled"]?.floats == expectedSecond["pooled"]?.floats)
            #expect(try await session.run(feeds: ["x": first])["pooled"]?.floats == expectedFirst["pooled"]?.floats)
        }
    }

    @Test func outputsStayOnTheGPU() async throws {
        let device = try await TestGPU.context().device
        let session = try await TestGPU.session(try Self.model())
        let feed = Self.input(batch: 2, seed: 3)
        let expected = try await session.run(feeds: ["x": feed])
        let resident = try Self.upload(feed, offset: 0, device: device)
        defer { resident.buffer.destroy() }
        for outputs in [try await session.runOnGPU(feeds: ["x": feed]), try await session.runOnGPU(gpuFeeds: ["x": resident])] {
            #expect(Set(outputs.keys) == ["y", "pooled"])
            let pooled = try #require(outputs["pooled"])
            #expect(pooled.shape == [2, 6, 1, 1])
            #expect(pooled.type == .float32)
            #expect(try await Self.read(pooled, device: device) == expected["pooled"]?.floats)
            #expect(try await Self.read(try #require(outputs["y"]), device: device) == expected["y"]?.floats)
            for output in outputs.values { output.buffer.destroy() }
        }
    }

    @Test func rejectsBadGPUFeeds() async throws {
        let device = try await TestGPU.context().device
        let session = try await TestGPU.session(try Self.model())
        let feed = Self.input(batch: 1, seed: 4)
        let resident = try Self.upload(feed, offset: 0, device: device)
        defer { resident.buffer.destroy() }
        func message(_ gpuFeeds: [String: GPUTensor], feeds: [String: Tensor] = [:]) async -> String {
            do {
                _ = try await session.run(feeds: feeds, gpuFeeds: gpuFeeds)
                return "no error"
            } catch { return "\(error)" }
        }
        let tooSmall = GPUTensor(buffer: resident.buffer, shape: [2, 4, 256, 256])
        #expect(await message(["x": tooSmall]).contains("bytes"))
        let shifted = GPUTensor(buffer: resident.buffer, shape: [1, 4, 256, 256], offset: 4)
        #expect(await message(["x": shifted]).contains("bytes"))
        let unaligned = GPUTensor(buffer: resident.buffer, shape: [1, 4, 16, 16], offset: 2)
        #expect(await message(["x": unaligned]).contains("multiple of 4"))
        let wrongShape = GPUTensor(buffer: resident.buffer, shape: [1, 3, 256, 256])
        #expect(await message(["x": wrongShape]).contains("shape"))
        let wrongType = GPUTensor(buffer: resident.buffer, type: .int32, shape: [1, 4, 256, 256])
        #expect(await message(["x": wrongType]).contains("float32"))
        let storageOnly = try device.createBuffer(BufferDescriptor(label: "no copySrc", size: UInt64(feed.count * 4), usage: [.storage]))
        defer { storageOnly.destroy() }
        #expect(await message(["x": GPUTensor(buffer: storageOnly, shape: feed.shape)]).contains("copySrc"))
        #expect(await message(["x": resident], feeds: ["x": feed]).contains("both"))
        #expect(await message(["x": resident, "z": resident]).contains("'z'"))
        // The session still works after the errors.
        let expected = try await session.run(feeds: ["x": feed])
        #expect(try await session.run(gpuFeeds: ["x": resident])["pooled"]?.floats == expected["pooled"]?.floats)
    }
}
