import Foundation
import Testing
@testable import ONNX

/// The CPU adapters' convolution and Gemm kernels (`SubgroupPointwiseConv` in both layouts, `SubgroupDirectConv`,
/// `DepthwiseConvKernel`'s shared weights, `SubgroupTransposedGEMM`) against a direct computation, on shapes that take their edge
/// paths (7×7 maps, channel counts that leave a partial k step or a partial block, tile counts that are not
/// a multiple of a subgroup, output rows that are not whole pixel quads), with subgroup operations and with
/// their portable variants, reading vec4 data as 64-bit pairs (`QuadLoads`) and as vec4<f32>.
@Suite(.serialized) struct CPUKernelTests {
    static let withSubgroups = Task { try await GPUContext.makeDefault() }
    static let withSubgroupsWithoutInt64 = Task { try await GPUContext.makeDefault(int64: false) }
    static let portable = Task { try await GPUContext.makeDefault(subgroups: false, int64: false) }

    /// The device with subgroups and 64-bit integers where the adapter has them, or with neither.
    static func context(subgroups: Bool, int64: Bool = true) async throws -> GPUContext {
        guard subgroups else { return try await portable.value }
        return try await (int64 ? withSubgroups : withSubgroupsWithoutInt64).value
    }

    /// Reproducible values in [-1, 1).
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(($0 * 7919 + seed * 104_729) % 2003) / 1001.5 - 1 }
    }

    /// Conv (NCHW, square kernel, `pad` before and `padEnd` after each axis) computed directly in Double.
    static func directConv(_ x: [Float], _ xs: [Int], _ w: [Float], _ ws: [Int], bias: [Float],
                           stride: Int, pad: Int, padEnd: Int? = nil, dilation: Int = 1, group: Int) -> (values: [Float], shape: [Int]) {
        let (n, c, h, wi) = (xs[0], xs[1], xs[2], xs[3])
        let (m, icg, k) = (ws[0], ws[1], ws[2])
        let extent = (k - 1) * dilation + 1
        let (oh, ow) = ((h + pad + (padEnd ?? pad) - extent) / stride + 1, (wi + pad + (padEnd ?? pad) - extent) / stride + 1)
        let ocg = m / group
        var y: [Float] = []
        for b in 0..<n {
            for oc in 0..<m {
                let g = oc / ocg
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum = Double(bias[oc])
                        for ic in 0..<icg {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let (iy, ix) = (oy * stride + ky * dilation - pad, ox * stride + kx * dilation - pad)
                                    guard iy >= 0, iy < h, ix >= 0, ix < wi else { continue }
                                    sum += Double(x[((b * c + g * icg + ic) * h + iy) * wi + ix]) * Double(w[((oc * icg + ic) * k + ky) * k + kx])
                                }
                            }
                        }
                        y.append(Float(sum))
                    }
                }
            }
        }
        return (y, [n, m, oh, ow])
    }

    @Test(arguments: [true, false]) func subgroupContextHasTheFeatureWhereTheAdapterDoes(_ subgroups: Bool) async throws {
        let context = try await Self.context(subgroups: subgroups)
        if !subgroups { #expect(!context.hasSubgroups) }
        if context.device.adapterInfo.adapterType == .cpu && subgroups {
            // lavapipe offers subgroups: the fast path must really be the one tested.
            #expect(context.hasSubgroups)
        }
    }

    @Test func int64IsRequestedWhereTheAdapterHasIt() async throws {
        let with = try await Self.context(subgroups: true)
        if with.device.adapterInfo.adapterType == .cpu {
            // lavapipe offers shader-int64: the 64-bit quad loads must really be the ones tested.
            #expect(with.hasInt64)
        }
        #expect(try await !Self.context(subgroups: true, int64: false).hasInt64)
        #expect(try await !Self.context(subgroups: false).hasInt64)
    }

    /// The CPU kernels that read vec4 data bind it as 64-bit pairs exactly where the device has `shader-int64`:
    /// a 1×1 conv on 8×8 maps (aligned quads), a depthwise 3×3 on vec4 rows, and a Gemm with B transposed.
    @Test(arguments: [true, false]) func quadLoadsFollowTheDevice(_ int64: Bool) throws {
        var builder = ModelBuilder()
        builder.input("x", [1, 8, 16, 16])
        builder.initializer("w", Tensor(shape: [8, 8, 1, 1], floats: Self.values(64, seed: 1)))
        builder.initializer("d", Tensor(shape: [8, 1, 3, 3], floats: Self.values(72, seed: 2)))
        builder.initializer("shape", Tensor(shape: [2], int64s: [1, 2048]))
        builder.initializer("b", Tensor(shape: [4, 2048], floats: Self.values(8192, seed: 3)))
        builder.node("Conv", ["x", "w"], ["p"])
        builder.node("Conv", ["p", "d"], ["q"], ints: ["kernel_shape": [3, 3], "pads": [1, 1, 1, 1]], int: ["group": 8])
        builder.node("Reshape", ["q", "shape"], ["r"])
        builder.node("Gemm", ["r", "b"], ["y"], int: ["transB": 1])
        builder.output("y")
        let graph = try GraphOptimizer.optimize(try ModelLoader.load(try builder.data()))
        let plan = try ExecutionPlan.compile(graph, inputs: ["x": TensorInfo(.float32, [1, 8, 16, 16])], cpuAdapter: true,
                                             subgroupSize: 8, int64: int64)
        let kinds = plan.steps.map(\.dispatch.kind)
        #expect(kinds.contains { $0.hasPrefix("1x1s1-") && $0.contains("quads") }, "\(kinds)")
        #expect(kinds.contains { $0.hasPrefix("depthwise3x3s1-rows") }, "\(kinds)")
        #expect(kinds.contains { $0.hasPrefix("transposed") }, "\(kinds)")
        for step in plan.steps where ["1x1s1-", "depthwise", "transposed"].contains(where: step.dispatch.kind.hasPrefix) {
            // The portable forms (devices without subgroups) read the same way.
            for source in [step.dispatch.source] + (step.dispatch.portable.map { [$0.source] } ?? []) {
                #expect(source.contains(": array<vec2<u64>>") == int64, "\(step.dispatch.kind)")
            }
        }
    }

    @Test func subgroupSizeIsMeasured() async throws {
        let with = try await Self.context(subgroups: true)
        let size = with.subgroupSize
        if with.hasSubgroups {
            let lanes = try #require(size)
            #expect(lanes >= 4 && lanes <= 128 && lanes & (lanes - 1) == 0, "subgroup size \(lanes)")
        } else {
            #expect(size == nil)
        }
        #expect(try await Self.context(subgroups: false).subgroupSize == nil)
        // Sizes no device has are not taken (kernels would divide their rows among 0 or 3 lanes).
        for impossible in [0, 3, 6, 256] {
            #expect(GPUContext(device: with.device, subgroupSize: impossible).subgroupSize == nil)
        }
        #expect(GPUContext(device: with.device, subgroupSize: 16).subgroupSize == 16)
    }

    /// `SubgroupPointwiseConv` on 7×7 maps (49 pixels: single pixels) and 6×6 maps (9 pixel quads per image, so
    /// batch 2's quads leave a partial workgroup and an invocation's columns cross images), 20 input channels,
    /// and output channels that take full and partial 32-row blocks (70), the two-column form (12), and two
    /// groups of 36 each; with bias, fused Clip and a fused residual Add.
    /// `lanes`: the subgroup size kernels assume (nil: the measured one; 4 takes the 4-loader form).
    @Test(arguments: [(true, 7, 70, 1, nil), (false, 7, 70, 1, nil), (true, 7, 12, 1, nil), (true, 7, 70, 1, 4),
                      (true, 6, 70, 1, nil), (false, 6, 70, 1, nil), (true, 6, 12, 1, nil), (false, 6, 12, 1, nil),
                      (true, 6, 72, 2, nil), (false, 6, 72, 2, nil), (true, 6, 70, 1, 4)] as [(Bool, Int, Int, Int, Int?)])
    func pointwiseConv(_ subgroups: Bool, _ size: Int, _ outChannels: Int, _ group: Int, _ lanes: Int?) async throws {
        try await Self.checkConvClipAdd(input: [2, 20, size, size], weights: [outChannels, 20 / group, 1, 1], group: group,
                                        subgroups: subgroups, lanes: lanes, seed: 11)
    }

    /// `SubgroupPointwiseConv` reading vec4<f32> (devices with subgroups but without `shader-int64`): aligned and
    /// straddled quads, with full and partial blocks.
    @Test(arguments: [(7, 70), (6, 70), (6, 12)]) func pointwiseConvWithoutInt64(_ size: Int, _ outChannels: Int) async throws {
        try await Self.checkConvClipAdd(input: [2, 20, size, size], weights: [outChannels, 20, 1, 1], group: 1,
                                        subgroups: true, int64: false, lanes: nil, seed: 11)
    }

    /// `SubgroupDirectConv`: the stem's 3×3 stride 2 with padding only after (3 → 32 channels, a 6×6 output whose
    /// rows are not whole pixel quads), 5×5 with partial 32-row blocks (70 channels) on 9×9, two groups of a 3×3
    /// on 8×8 (whole quads: vec4 stores), a dilated 3×3, and a strided 1×1; with bias, fused Clip and a fused
    /// residual Add, with and without subgroups. `lanes`: as in `pointwiseConv`.
    @Test(arguments: [(true, 3, 2, 1, 13, 3, 32, 1, 0, 1, nil), (false, 3, 2, 1, 13, 3, 32, 1, 0, 1, nil),
                      (true, 5, 1, 1, 9, 4, 70, 1, 2, 2, nil), (false, 5, 1, 1, 9, 4, 70, 1, 2, 2, nil),
                      (true, 3, 1, 1, 8, 6, 20, 2, 1, 1, nil), (true, 3, 1, 2, 8, 3, 12, 1, 2, 2, nil),
                      (true, 1, 2, 1, 9, 6, 12, 1, 0, 0, nil), (true, 3, 2, 1, 13, 3, 32, 1, 0, 1, 4)]
          as [(Bool, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int?)])
    func windowConv(_ subgroups: Bool, _ k: Int, _ stride: Int, _ dilation: Int, _ size: Int, _ inChannels: Int,
                    _ outChannels: Int, _ group: Int, _ padBegin: Int, _ padEnd: Int, _ lanes: Int?) async throws {
        try await Self.checkConvClipAdd(input: [2, inChannels, size, size], weights: [outChannels, inChannels / group, k, k], group: group,
                                        stride: stride, padBegin: padBegin, padEnd: padEnd, dilation: dilation,
                                        subgroups: subgroups, lanes: lanes, seed: 21)
    }

    /// Runs Conv (with bias) → Clip(0, 0.5) → Add(residual), the chain the graph passes fuse into one conv, on the CPU
    /// kernels and checks it against `directConv`. `lanes`: the subgroup size kernels assume (nil: the measured one).
    static func checkConvClipAdd(input xs: [Int], weights ws: [Int], group: Int, stride: Int = 1, padBegin: Int = 0, padEnd: Int = 0,
                                 dilation: Int = 1, subgroups: Bool, int64: Bool = true, lanes: Int?, seed: Int) async throws {
        let (outChannels, k) = (ws[0], ws[2])
        let x = values(xs.reduce(1, *), seed: seed)
        let w = values(ws.reduce(1, *), seed: seed + 1)
        let bias = values(outChannels, seed: seed + 2)
        let want = directConv(x, xs, w, ws, bias: bias, stride: stride, pad: padBegin, padEnd: padEnd, dilation: dilation, group: group)
        let residual = values(want.values.count, seed: seed + 3)
        var builder = ModelBuilder()
        builder.input("x", xs)
        builder.input("r", want.shape)
        builder.initializer("w", Tensor(shape: ws, floats: w))
        builder.initializer("b", Tensor(shape: [outChannels], floats: bias))
        builder.node("Conv", ["x", "w", "b"], ["c"], ints: ["kernel_shape": [k, k], "strides": [stride, stride], "dilations": [dilation, dilation],
                                                        "pads": [padBegin, padBegin, padEnd, padEnd]], int: ["group": group])
        builder.initializer("lo", Tensor(shape: [], floats: [0]))
        builder.initializer("hi", Tensor(shape: [], floats: [0.5]))
        builder.node("Clip", ["c", "lo", "hi"], ["a"])
        builder.node("Add", ["a", "r"], ["y"])
        builder.output("y")
        var context = try await Self.context(subgroups: subgroups, int64: int64)
        if let lanes { context = GPUContext(device: context.device, subgroupSize: lanes) }
        let session = try await InferenceSession(model: try builder.data(), options: .init(context: context, cpuKernels: true))
        let y = try #require(try await session.run(feeds: ["x": Tensor(shape: xs, floats: x), "r": Tensor(shape: want.shape, floats: residual)])["y"])
        #expect(y.shape == want.shape)
        let expected = zip(want.values, residual).map { min(max($0, 0), 0.5) + $1 }
        let worst = zip(y.floats, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    /// `SubgroupTransposedGEMM`: Gemm with B transposed for 1, 3 and 10 rows of A (10: a full and a partial block
    /// of 8), 13 output columns (a partial group of 4), K = 20, alpha and beta, a bias per column or per element,
    /// and a fused Relu; with subgroups, without, with 4 loader lanes, and reading vec4<f32> (without `shader-int64`).
    @Test(arguments: [(true, true, 1, false, nil), (false, false, 1, false, nil), (true, true, 3, true, nil),
                      (true, true, 10, false, nil), (false, false, 10, true, nil), (true, true, 10, false, 4),
                      (true, false, 10, true, nil)] as [(Bool, Bool, Int, Bool, Int?)])
    func transposedGemm(_ subgroups: Bool, _ int64: Bool, _ m: Int, _ elementBias: Bool, _ lanes: Int?) async throws {
        let (n, k) = (13, 20)
        let (alpha, beta): (Float, Float) = (0.75, 1.5)
        let a = Self.values(m * k, seed: 31)
        let b = Self.values(n * k, seed: 32)
        let cShape = elementBias ? [m, n] : [n]
        let c = Self.values(cShape.reduce(1, *), seed: 33)
        var builder = ModelBuilder()
        builder.input("a", [m, k])
        builder.initializer("b", Tensor(shape: [n, k], floats: b))
        builder.initializer("c", Tensor(shape: cShape, floats: c))
        builder.node("Gemm", ["a", "b", "c"], ["g"], int: ["transB": 1], float: ["alpha": alpha, "beta": beta])
        builder.node("Relu", ["g"], ["y"])
        builder.output("y")
        var context = try await Self.context(subgroups: subgroups, int64: int64)
        if let lanes { context = GPUContext(device: context.device, subgroupSize: lanes) }
        let session = try await InferenceSession(model: try builder.data(), options: .init(context: context, cpuKernels: true))
        let y = try #require(try await session.run(feeds: ["a": Tensor(shape: [m, k], floats: a)])["y"])
        #expect(y.shape == [m, n])
        var expected: [Float] = []
        for row in 0..<m {
            for column in 0..<n {
                let product = (0..<k).reduce(0.0) { $0 + Double(a[row * k + $1]) * Double(b[column * k + $1]) }
                let bias = Double(c[elementBias ? row * n + column : column])
                expected.append(Float(max(Double(alpha) * product + Double(beta) * bias, 0)))
            }
        }
        let worst = zip(y.floats, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    /// Depthwise convs whose channel weights are shared across the subgroup: 5×5 stride 1 on 28×28 (49 tiles
    /// of 4×4: the last subgroup has one lane in range), 3×3 stride 2 on 13×13 (a 7×7 output), and vec4 rows
    /// of 4×8 tiles (3×3 stride 1 on 16×16, stride 2 on 32×32: the last rows' patches reach the padding) and
    /// of 4×4 tiles (3×3 on 20×20); vec4 rows also read as vec4<f32> (with subgroups, without `shader-int64`).
    @Test(arguments: [(true, true, 5, 1, 28), (false, false, 5, 1, 28), (true, true, 3, 2, 13), (false, false, 3, 2, 13),
                      (true, true, 3, 1, 16), (false, false, 3, 1, 16), (true, true, 3, 2, 32), (true, true, 3, 1, 20),
                      (false, false, 3, 1, 20), (true, false, 3, 1, 16), (true, false, 3, 2, 32)])
    func depthwiseConv(_ subgroups: Bool, _ int64: Bool, _ k: Int, _ stride: Int, _ size: Int) async throws {
        let channels = 6
        let (xs, ws) = ([2, channels, size, size], [channels, 1, k, k])
        let x = Self.values(xs.reduce(1, *), seed: 5)
        let w = Self.values(ws.reduce(1, *), seed: 6)
        let bias = Self.values(channels, seed: 7)
        let pad = k / 2
        var builder = ModelBuilder()
        builder.input("x", xs)
        builder.initializer("w", Tensor(shape: ws, floats: w))
        builder.initializer("b", Tensor(shape: [channels], floats: bias))
        builder.node("Conv", ["x", "w", "b"], ["c"], ints: ["kernel_shape": [k, k], "pads": [pad, pad, pad, pad], "strides": [stride, stride]],
                     int: ["group": channels])
        builder.node("Relu", ["c"], ["y"])
        builder.output("y")
        let session = try await InferenceSession(model: try builder.data(), options: .init(context: try await Self.context(subgroups: subgroups, int64: int64), cpuKernels: true))
        let y = try #require(try await session.run(feeds: ["x": Tensor(shape: xs, floats: x)])["y"])
        let want = Self.directConv(x, xs, w, ws, bias: bias, stride: stride, pad: pad, group: channels)
        #expect(y.shape == want.shape)
        let worst = zip(y.floats, want.values.map { max($0, 0) }).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "largest difference \(worst)")
    }
}
