/// 1×1 convolution (stride 1, no padding) on CPU adapters for maps whose pixel count is not a multiple
/// of 4 (7×7), where `VectorPointwiseConv`'s vec4 pixel accesses do not fit: each weight is loaded once per
/// subgroup instead of once per invocation.
///
/// lavapipe turns every storage load whose address it cannot prove constant into a loop over the SIMD
/// lanes with a bounds check and a branch per lane and component, so a kernel's cost is the lane-components
/// it loads, while moving a value between lanes (`subgroupBroadcast` with a constant lane) is one shuffle.
/// Invocations run over pixels (one each per column) and share each output channel's weights: lanes 0–3
/// of every subgroup each load one vec4 of a weight row (16 consecutive k in all; the other lanes skip the
/// load, and lavapipe's loop skips inactive lanes) and every lane takes the values from those four. Each
/// invocation keeps 32 output channels × 4 pixels in registers: on lavapipe 22.3 this ran EfficientNet's
/// 7×7 layers ~2× faster than `RegisterGEMM` (64×4 was up to ~15% faster still, but its shaders took LLVM
/// twice as long to compile, which models with many such layers pay at session start).
///
/// Devices without the `subgroup` feature run the GEMM template instead (`Dispatch.portable`). Needs input
/// channels per group a multiple of 4.
enum SubgroupPointwiseConv {
    /// Lanes that load a weight row together: every subgroup has at least 4 (lavapipe 4 or 8, GPUs 32 or 64).
    static let loaders = 4
    static let rows = 32
    static let columns = 4

    static func fits(inputChannelsPerGroup: Int) -> Bool { inputChannelsPerGroup % 4 == 0 }

    /// - Parameter portable: what devices without subgroups run instead (the GEMM template's dispatch,
    ///   with the same bindings: X, W, Bias?, Residual?, Y).
    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int, portable: Dispatch) -> KernelPlan {
        var dispatch = self.dispatch(context, g, groups: groups, outChannels: outChannels)
        dispatch.portable = .init(source: portable.source, workgroups: portable.workgroups, kind: portable.kind)
        return KernelPlan(dispatches: [dispatch])
    }

    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> Dispatch {
        let pixels = g.output[0] * g.output[1]
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let total = g.batch * pixels
        let rows = min(Self.rows, ocg)
        let invocations = (total + columns - 1) / columns
        let lanes = min(64, (invocations + 7) / 8 * 8)
        let groupsX = (invocations + lanes - 1) / lanes

        var list: [WGSL.Binding] = [.init(name: "X", type: "f32", writable: false), .init(name: "W", type: "vec4<f32>", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        let hasBias = ConvEpilogueBindings.append(to: &list, &refs, context, element: "f32")

        var setup: [String] = []
        for c in 0..<columns {
            // Column c: pixel s of image b. Lanes past the end repeat the last pixel (they stay active,
            // as their lanes load weights for the others) and store nothing.
            setup.append("let q\(c) = min(qBase + \(c), \(total - 1));")
            setup.append("let b\(c) = q\(c) / \(pixels);")
            setup.append("let s\(c) = q\(c) % \(pixels);")
            setup.append("let xo\(c) = (b\(c) * \(g.channels) + z * \(icg)) * \(pixels) + s\(c);")
        }
        for r in 0..<rows {
            setup.append("let wo\(r) = (z * \(ocg) + min(m0 + \(r), \(ocg - 1))) * \(icg / 4);")
            for c in 0..<columns { setup.append("var acc\(r)_\(c) = 0.0;") }
        }

        /// One step over `count` (a multiple of 4, at most 16) input channels from vec4 index `kv` of the rows.
        func step(_ kv: String, count: Int) -> [String] {
            let vectors = count / 4
            var lines: [String] = []
            for r in 0..<rows {
                lines.append("var v\(r) = vec4<f32>(0.0); if (lane < \(vectors)) { v\(r) = W[wo\(r) + \(kv) + lane]; }")
            }
            for j in 0..<vectors {
                for r in 0..<rows { lines.append("let w\(r)_\(j) = subgroupBroadcast(v\(r), \(j)u);") }
                for (component, name) in ["x", "y", "z", "w"].enumerated() {
                    let k = 4 * j + component
                    for c in 0..<columns { lines.append("let x\(k)_\(c) = X[xo\(c) + (\(kv) * 4 + \(k)) * \(pixels)];") }
                    for r in 0..<rows {
                        for c in 0..<columns { lines.append("acc\(r)_\(c) = fma(w\(r)_\(j).\(name), x\(k)_\(c), acc\(r)_\(c));") }
                    }
                }
            }
            return lines
        }
        let perStep = loaders * 4
        let fullSteps = icg / perStep
        var loop: [String] = []
        if fullSteps > 0 {
            loop.append("for (var kv = 0; kv < \(fullSteps * loaders); kv += \(loaders)) {")
            loop += step("kv", count: perStep).map { "    " + $0 }
            loop.append("}")
        }
        if icg % perStep != 0 {
            loop.append("{")
            loop += step("\(fullSteps * loaders)", count: icg % perStep).map { "    " + $0 }
            loop.append("}")
        }

        var stores: [String] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let o = "(b\(c) * \(outChannels) + oc) * \(pixels) + s\(c)"
                var statement = "{ let oc = z * \(ocg) + m0 + \(r); var v = acc\(r)_\(c)\(hasBias ? " + Bias[oc]" : "");"
                statement += " \(context.node.fusedActivation.wgsl)"
                statement += context.node.fusesResidual ? " Y[\(o)] = v + Residual[\(o)]; }" : " Y[\(o)] = v; }"
                var guards: [String] = []
                if ocg % rows != 0 { guards.append("m0 + \(r) < \(ocg)") }
                if groupsX * lanes * columns > total { guards.append("qBase + \(c) < \(total)") }
                stores.append(guards.isEmpty ? statement : "if (\(guards.joined(separator: " && "))) \(statement)")
            }
        }
        let source = """
        \(WGSL.bindings(list))

        @compute @workgroup_size(\(lanes))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(global_invocation_id) gid: vec3<u32>, @builtin(subgroup_invocation_id) subgroupLane: u32) {
            let z = i32(group.z);
            let m0 = i32(group.y) * \(rows);
            let qBase = i32(gid.x) * \(columns);
            let lane = i32(subgroupLane);
            \(setup.joined(separator: "\n    "))
            \(loop.joined(separator: "\n    "))
            \(stores.joined(separator: "\n    "))
        }
        """
        return Dispatch(source: source, workgroups: (groupsX, (ocg + rows - 1) / rows, groups), bindings: refs,
                        kind: "1x1s1-subgroup\(rows)x\(columns)")
    }
}
