import Foundation
import Testing
@testable import ONNX

/// Split-K GEMMs (GPU kernel family, forced on whatever adapter runs the tests) against direct computation
/// and against the same model run without splitting.
@Suite struct SplitKTests {
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float((($0 + seed) * 7919) % 97) / 48 - 1 }
    }

    static func session(_ model: Data, splitK: Int?) async throws -> InferenceSession {
        try await InferenceSession(model: model, options: .init(context: try await TestGPU.context(), cpuKernels: false,
                                                                gemm: GEMMTuning(splitKWorkgroups: splitK)))
    }

    @Test func choosesSplitsOnlyForSmallGridsWithLongK() {
        // EfficientNet-Lite0's 1152 → 192 1×1 conv at batch 1 (7×7 map): 12 tiles of 16×64.
        let problem = TiledGEMM.Problem(m: 192, n: 49, k: 1152, batches: 1)
        let shape = TiledGEMM.Shape.choose(problem)
        #expect(shape.workgroups(problem) == (1, 12, 1))
        let split = SplitKGEMM.Split.choose(problem, shape, target: 264)
        #expect(split == SplitKGEMM.Split(count: 18, chunk: 64))
        // Chunks cover K exactly once, none empty.
        #expect(split.map { ($0.count - 1) * $0.chunk < 1152 && $0.count * $0.chunk >= 1152 } == true)
        // Short K: not worth it. Big grid (batch 64): already busy.
        #expect(SplitKGEMM.Split.choose(TiledGEMM.Problem(m: 192, n: 49, k: 192, batches: 1), shape, target: 264) == nil)
        let big = TiledGEMM.Problem(m: 192, n: 64 * 49, k: 1152, batches: 1)
        #expect(SplitKGEMM.Split.choose(big, TiledGEMM.Shape.choose(big), target: 264) == nil)
    }

    @Test func environmentOverridesTheStandardTuning() {
        #expect(GEMMTuning.fromEnvironment([:]) == .standard)
        #expect(GEMMTuning.fromEnvironment(["KILN_ONNX_SPLIT_K": "off"]).splitKWorkgroups == nil)
        #expect(GEMMTuning.fromEnvironment(["KILN_ONNX_SPLIT_K": "0"]).splitKWorkgroups == nil)
        #expect(GEMMTuning.fromEnvironment(["KILN_ONNX_SPLIT_K": "528"]) == GEMMTuning(splitKWorkgroups: 528))
        #expect(GEMMTuning.fromEnvironment(["KILN_ONNX_SPLIT_K": "lots"]) == .standard)
        #expect(GEMMTuning.fromEnvironment(["KILN_ONNX_LARGE_TILE_GRID": "64"]) == GEMMTuning(largeTileWorkgroups: 64))
    }

    /// Lower large-tile thresholds pick bigger tiles; split-K then fills the grid (batch 64, 1152 → 192 on 7×7).
    @Test func largeTilesWithSplitK() {
        let problem = TiledGEMM.Problem(m: 192, n: 64 * 49, k: 1152, batches: 1)
        let standard = TiledGEMM.Shape.choose(problem)
        #expect(standard.tileM * standard.tileN < 128 * 128)
        let large = TiledGEMM.Shape.choose(problem, busyGrid: 48)
        #expect((large.tileM, large.tileN) == (128, 128))
        #expect(SplitKGEMM.Split.choose(problem, large, target: 264) == SplitKGEMM.Split(count: 6, chunk: 192))
        // Partial sums larger than one binding allows are not split that far.
        #expect(SplitKGEMM.Split.choose(problem, large, target: 264, maxBytes: 3 * 192 * 3136 * 4)?.count == 3)
    }

    /// A 1×1 conv with K = 300 (ragged: not a multiple of 16) on a 7×7 map, bias, Relu and a residual
    /// Add fused into the store, two images: the split path must give the direct result.
    @Test func pointwiseConvWithEpilogueMatchesDirectComputation() async throws {
        let (batch, inChannels, outChannels, pixels) = (2, 300, 40, 49)
        var builder = ModelBuilder()
        builder.input("x", [batch, inChannels, 7, 7])
        builder.input("skip", [batch, outChannels, 7, 7])
        let weights = Self.values(outChannels * inChannels, seed: 3).map { $0 / 16 }
        let bias = Self.values(outChannels, seed: 5)
        builder.initializer("w", Tensor(shape: [outChannels, inChannels, 1, 1], floats: weights))
        builder.initializer("b", Tensor(shape: [outChannels], floats: bias))
        builder.node("Conv", ["x", "w", "b"], ["c"])
        builder.node("Relu", ["c"], ["r"])
        builder.node("Add", ["r", "skip"], ["y"])
        builder.output("y")
        let x = Self.values(batch * inChannels * pixels, seed: 11)
        let skip = Self.values(batch * outChannels * pixels, seed: 13)
        let feeds = ["x": Tensor(shape: [batch, inChannels, 7, 7], floats: x), "skip": Tensor(shape: [batch, outChannels, 7, 7], floats: skip)]
        var want: [Float] = []
        for b in 0..<batch {
            for oc in 0..<outChannels {
                for p in 0..<pixels {
                    var sum = bias[oc]
                    for ic in 0..<inChannels { sum += weights[oc * inChannels + ic] * x[(b * inChannels + ic) * pixels + p] }
                    want.append(max(sum, 0) + skip[(b * outChannels + oc) * pixels + p])
                }
            }
        }
        let model = try builder.data()
        let split = try await Self.session(model, splitK: 264)
        let y = try #require(try await split.run(feeds: feeds)["y"])
        // One conv: the partial pass and the sum pass.
        #expect(await split.statistics(for: feeds.mapValues(\.shape))?.dispatches == 2)
        #expect(y.shape == [batch, outChannels, 7, 7])
        #expect(zip(y.floats, want).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
        let single = try await Self.session(model, splitK: nil)
        let reference = try #require(try await single.run(feeds: feeds)["y"])
        #expect(await single.statistics(for: feeds.mapValues(\.shape))?.dispatches == 1)
        #expect(zip(y.floats, reference.floats).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
    }

    /// Gemm with transB, alpha, beta and a row bias (a classifier head shape: M = 1, K = 640).
    @Test func gemmWithBiasMatchesDirectComputation() async throws {
        let (m, k, n) = (1, 640, 24)
        var builder = ModelBuilder()
        builder.input("a", [m, k])
        let b = Self.values(n * k, seed: 17).map { $0 / 8 }
        let c = Self.values(n, seed: 19)
        builder.initializer("b", Tensor(shape: [n, k], floats: b))
        builder.initializer("c", Tensor(shape: [n], floats: c))
        builder.node("Gemm", ["a", "b", "c"], ["y"], int: ["transB": 1], float: ["alpha": 0.5, "beta": 2])
        builder.output("y")
        let a = Self.values(m * k, seed: 23)
        let session = try await Self.session(try builder.data(), splitK: 264)
        let feeds = ["a": Tensor(shape: [m, k], floats: a)]
        let y = try #require(try await session.run(feeds: feeds)["y"])
        #expect(await session.statistics(for: feeds.mapValues(\.shape))?.dispatches == 2)
        let want = (0..<n).map { j in 0.5 * (0..<k).reduce(Float(0)) { $0 + a[$1] * b[j * k + $1] } + 2 * c[j] }
        #expect(y.shape == [m, n])
        #expect(zip(y.floats, want).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
    }

    /// Two chained split convs: each node's partial sums get a planned slot that no buffer its dispatches
    /// also bind holds, large enough for every chunk.
    @Test func memoryPlanHoldsThePartialSums() throws {
        var builder = ModelBuilder()
        builder.input("x", [1, 300, 7, 7])
        builder.initializer("wa", Tensor(shape: [300, 300, 1, 1], floats: Self.values(90_000, seed: 1)))
        builder.initializer("wb", Tensor(shape: [40, 300, 1, 1], floats: Self.values(12_000, seed: 2)))
        builder.node("Conv", ["x", "wa"], ["a"])
        builder.node("Conv", ["a", "wb"], ["y"])
        builder.output("y")
        let graph = try GraphOptimizer.optimize(try ModelLoader.load(try builder.data()))
        let plan = try ExecutionPlan.compile(graph, inputs: ["x": TensorInfo(.float32, [1, 300, 7, 7])], cpuAdapter: false, gemm: .standard)
        #expect(plan.steps.map(\.dispatch.kind) == ["1x1s1-tiled16x64-splitK", "1x1s1-splitK-sum", "1x1s1-tiled16x64-splitK", "1x1s1-splitK-sum"])
        for (partial, sum, outputs) in [(plan.steps[0], plan.steps[1], 300), (plan.steps[2], plan.steps[3], 40)] {
            let scratch = try #require(partial.buffers.last)
            #expect(sum.buffers == partial.buffers)
            #expect(!partial.buffers.dropLast().contains(scratch))
            guard case .slot(let slot) = scratch else { Issue.record("partial sums not in a slot: \(scratch)"); continue }
            let chunks = partial.dispatch.workgroups.z
            #expect(chunks >= 2)
            #expect(plan.memory.slotSizes[slot] >= chunks * outputs * 49 * 4)
        }
    }

    /// A GEMM big enough for `largeTileWorkgroups` to apply (205M multiply-adds): 128×128 tiles, then split-K
    /// to fill the grid, give what the standard grid gives.
    @Test func largeTilesWithSplitKMatchStandardTiles() async throws {
        let (batch, inChannels, outChannels) = (32, 512, 256)
        var builder = ModelBuilder()
        builder.input("x", [batch, inChannels, 7, 7])
        builder.initializer("w", Tensor(shape: [outChannels, inChannels, 1, 1], floats: Self.values(outChannels * inChannels, seed: 7).map { $0 / 16 }))
        builder.node("Conv", ["x", "w"], ["y"])
        builder.output("y")
        let model = try builder.data()
        let feeds = ["x": Tensor(shape: [batch, inChannels, 7, 7], floats: Self.values(batch * inChannels * 49, seed: 29))]
        let graph = try GraphOptimizer.optimize(try ModelLoader.load(model))
        let tuning = GEMMTuning(largeTileWorkgroups: 16)
        let plan = try ExecutionPlan.compile(graph, inputs: ["x": TensorInfo(.float32, feeds["x"]!.shape)], gemm: tuning)
        #expect(plan.steps.map(\.dispatch.kind) == ["1x1s1-tiled128x128-splitK", "1x1s1-splitK-sum"])
        let large = try await InferenceSession(model: model, options: .init(context: try await TestGPU.context(), cpuKernels: false, gemm: tuning))
        let standard = try await Self.session(model, splitK: nil)
        let y = try #require(try await large.run(feeds: feeds)["y"])
        let reference = try #require(try await standard.run(feeds: feeds)["y"])
        #expect(y.shape == [batch, outChannels, 7, 7])
        #expect(zip(y.floats, reference.floats).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
    }
}
