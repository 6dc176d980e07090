/// Convolution with a spatial window (the stem's 3×3 stride 2, ResNet's 7×7, SqueezeNet's 3×3) on CPU
/// adapters: each invocation computes `rows` output channels × 4 horizontally neighbouring output pixels,
/// and the output channels' weights are shared across its subgroup as in `SubgroupPointwiseConv`.
///
/// As an implicit GEMM (`RegisterGEMM`) every step of k loaded one weight per row and one im2col value per
/// column, each a lane-by-lane loop on lavapipe, with the window arithmetic (divisions, bounds) redone per
/// value. Here a step is one input row of the window (input channel `ic`, kernel row `ky`): the invocation
/// loads the `span` input values under its 4 pixels' windows once and reuses each for every kernel column
/// that covers it and every row, and the first `loaders` lanes of a subgroup load the step's `rows` × `kw`
/// weights for all lanes to take with `subgroupBroadcast`. On EfficientNet-Lite0's stem (3×3 stride 2,
/// 3 → 32 channels, 224×224) that is 9 input loads and 12 loader loads per step for 96 vec4 multiply-adds.
/// Devices without subgroups run the same blocking with each invocation loading every weight.
enum SubgroupDirectConv {
    static let maxRows = 32
    /// Output pixels of one image row per invocation (one vec4 accumulator per output channel).
    static let pixels = 4

    /// Whether the grid and the step loop stay within limits (WGSL loops are capped at 65,535 iterations on some drivers).
    static func fits(_ g: WindowGeometry, inputChannelsPerGroup icg: Int) -> Bool {
        let quads = g.batch * g.output[0] * ((g.output[1] + pixels - 1) / pixels)
        return icg * g.kernel[0] < 65535 && (quads + 63) / 64 <= 65535
    }

    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> KernelPlan {
        let loaders = min(8, context.subgroupSize)
        var dispatch = self.dispatch(context, g, groups: groups, outChannels: outChannels, loaders: loaders)
        let portable = self.dispatch(context, g, groups: groups, outChannels: outChannels, loaders: nil)
        dispatch.portable = .init(portable)
        return KernelPlan(dispatches: [dispatch])
    }

    /// - Parameter loaders: lanes that load the weights for their subgroup (nil: every invocation loads them).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int, loaders: Int?) -> Dispatch {
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let (oh, ow, ih, iw) = (g.output[0], g.output[1], g.input[0], g.input[1])
        let (kh, kw) = (g.kernel[0], g.kernel[1])
        let (sh, sw) = (g.strides[0], g.strides[1])
        let (dh, dw) = (g.dilations[0], g.dilations[1])
        let step = loaders ?? 1
        let rows = min(maxRows, (ocg + step - 1) / step * step)
        // Rows of 4-pixel groups; where a row's width is a multiple of 4 the groups are aligned vec4s of the output.
        let quadsPerRow = (ow + pixels - 1) / pixels
        let vectorStores = ow % pixels == 0
        let total = g.batch * oh * quadsPerRow
        let pixelGroups = (total + 63) / 64
        let lanes = ((total + pixelGroups - 1) / pixelGroups + 7) / 8 * 8
        // Input columns under the 4 pixels' windows in one input row.
        let span = (pixels - 1) * sw + (kw - 1) * dw + 1
        let element = vectorStores ? "vec4<f32>" : "f32"
        var list: [WGSL.Binding] = [.init(name: "X", type: "f32", writable: false), .init(name: "W", type: "f32", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        let hasBias = ConvEpilogue.appendBindings(to: &list, &refs, context, element: element)

        /// Where output channel `row` of the block starts in W, clamped so that rows past the end load a real row.
        func weightBase(_ row: String) -> String { "(z * \(ocg) + min(m0 + \(row), \(ocg - 1))) * \(icg * kh * kw)" }
        var setup: [String] = []
        var body = [
            "let ic = t / \(kh);",
            "let iy = iy0 + (t % \(kh)) * \(dh);",
            "let row = xBase + ic * \(ih * iw) + clamp(iy, 0, \(ih - 1)) * \(iw);",
            "let rowInside = iy >= 0 && iy < \(ih);",
        ]
        for j in 0..<span {
            setup.append("let cx\(j) = clamp(ix0 + \(j), 0, \(iw - 1)); let inside\(j) = ix0 + \(j) >= 0 && ix0 + \(j) < \(iw);")
            body.append("let i\(j) = select(0.0, X[row + cx\(j)], rowInside && inside\(j));")
        }
        // Weights of step t for kernel column kx start at base + t * kw + kx.
        if let loaders {
            for j in 0..<rows / loaders {
                setup.append("let wb\(j) = \(weightBase("\(j * loaders) + lane"));")
                let loads = (0..<kw).map { "v\(j)_\($0) = W[wb\(j) + t * \(kw) + \($0)];" }.joined(separator: " ")
                body.append("var " + (0..<kw).map { "v\(j)_\($0) = 0.0;" }.joined(separator: " var ") + " if (lane < \(loaders)) { \(loads) }")
            }
        } else {
            for r in 0..<rows { setup.append("let wb\(r) = \(weightBase("\(r)"));") }
        }
        for kx in 0..<kw {
            let columns = (0..<pixels).map { "i\($0 * sw + kx * dw)" }.joined(separator: ", ")
            body.append("let x\(kx) = vec4<f32>(\(columns));")
        }
        var stores: [String] = []
        for r in 0..<rows {
            setup.append("var acc\(r) = vec4<f32>(0.0);")
            for kx in 0..<kw {
                let weight = loaders.map { "subgroupBroadcast(v\(r / $0)_\(kx), \(r % $0)u)" } ?? "W[wb\(r) + t * \(kw) + \(kx)]"
                body.append("acc\(r) = fma(vec4<f32>(\(weight)), x\(kx), acc\(r));")
            }
            let plane = "((b * \(outChannels) + oc) * \(oh) + oy) * \(ow)"
            let target: ConvEpilogue.QuadTarget = vectorStores ? .vector("(\(plane) + ox0) / 4")
                : .scalars(first: "\(plane) + ox0", inside: { "ox0 + \($0) < \(ow)" })
            var guards: [String] = []
            if ocg % rows != 0 { guards.append("m0 + \(r) < \(ocg)") }
            if pixelGroups * lanes > total { guards.append("inRange") }
            stores.append(ConvEpilogue.storeQuad("acc\(r)", channel: "z * \(ocg) + m0 + \(r)", context, hasBias: hasBias, to: target, guards: guards))
        }
        let laneBuiltin = loaders == nil ? "" : ", @builtin(subgroup_invocation_id) subgroupLane: u32"
        let source = """
        \(WGSL.bindings(list))
        \(context.node.fusedActivation.actFunction)

        @compute @workgroup_size(\(lanes))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32\(laneBuiltin)) {
            let z = i32(group.z);
            let m0 = i32(group.x) * \(rows);
            // Lanes past the last pixel group compute the last one again (they may load weights for the others).
            let unclamped = i32(group.y) * \(lanes) + i32(local);
            let inRange = unclamped < \(total);
            let q = min(unclamped, \(total - 1));
            let b = q / \(oh * quadsPerRow);
            let oy = (q / \(quadsPerRow)) % \(oh);
            let ox0 = (q % \(quadsPerRow)) * \(pixels);
            let iy0 = oy * \(sh) - \(g.padBegin[0]);
            let ix0 = ox0 * \(sw) - \(g.padBegin[1]);
            let xBase = (b * \(g.channels) + z * \(icg)) * \(ih * iw);
            \(loaders == nil ? "" : "let lane = i32(subgroupLane);")
            \(setup.joined(separator: "\n    "))
            for (var t = 0; t < \(icg * kh); t++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
        return Dispatch(source: source, workgroups: ((ocg + rows - 1) / rows, pixelGroups, groups), bindings: refs,
                        kind: "\(kh)x\(kw)s\(sh)-direct\(rows)x\(pixels)\(loaders.map { "-subgroup\($0)" } ?? "")")
    }
}
