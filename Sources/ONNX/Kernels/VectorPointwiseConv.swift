/// 1×1 convolution (stride 1, no padding) on CPU adapters, with every memory access a vec4.
///
/// lavapipe turns each storage load or store whose address is not a compile-time constant into a loop
/// over the SIMD lanes with a bounds check per component, so the cost is per access instruction, and a
/// vec4 access moves four values for little more than one scalar access costs. Here weights are read as
/// vec4s along k (4 input channels), activations and outputs as vec4s of 4 neighbouring pixels of one
/// channel; each invocation keeps `rows` output channels × 4·`columns` pixels in registers (16 × 8 measured
/// best of 4 × 8 to 64 × 4 on lavapipe, and uniform-bound weights ~1.2× faster than storage). Needs the
/// pixel count of an image and the input channels per group to be multiples of 4 (true of every 1×1
/// conv of EfficientNet and MobileNet down to 14×14; 7×7 maps take `SubgroupPointwiseConv`).
enum VectorPointwiseConv {
    static let rows = 16
    static let columns = 2

    static func fits(_ g: WindowGeometry, inputChannelsPerGroup: Int) -> Bool {
        (g.output[0] * g.output[1]) % 4 == 0 && inputChannelsPerGroup % 4 == 0
    }

    /// The most bytes of weights one dispatch reads from a uniform binding (WebGPU's default limit).
    static let uniformBytes = 65536

    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> KernelPlan {
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let rows = min(Self.rows, ocg)
        // Weights from a uniform binding when a block of rows fits: lavapipe gathers uniform loads with
        // one vector instruction instead of a loop over lanes. One dispatch per chunk of output channels.
        let chunk = min((ocg + rows - 1) / rows * rows, uniformBytes / (icg * 4) / rows * rows)
        guard groups == 1, chunk > 0 else {
            return KernelPlan(dispatches: [dispatch(context, g, groups: groups, outChannels: outChannels, channels: nil)])
        }
        return KernelPlan(dispatches: stride(from: 0, to: ocg, by: chunk).map {
            dispatch(context, g, groups: groups, outChannels: outChannels, channels: $0..<min(ocg, $0 + chunk))
        })
    }

    /// - Parameter channels: the output channels whose weights are bound as a uniform array (nil: all, as storage).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int, channels: Range<Int>?) -> Dispatch {
        let pixels = g.output[0] * g.output[1]
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let (pixels4, k4) = (pixels / 4, icg / 4)
        let vectors = g.batch * pixels4
        let rows = min(Self.rows, ocg)
        let (first, end) = (channels?.lowerBound ?? 0, channels?.upperBound ?? ocg)
        let invocations = (vectors + columns - 1) / columns
        let lanes = min(64, (invocations + 7) / 8 * 8)
        var list: [WGSL.Binding] = [.init(name: "X", type: "vec4<f32>", writable: false), .init(name: "W", type: "vec4<f32>", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        if let channels {
            refs[1] = .inputRange(1, (channels.lowerBound * icg * 4)..<(channels.upperBound * icg * 4))
        }
        let hasBias = ConvEpilogueBindings.append(to: &list, &refs, context, element: "vec4<f32>")

        var setup: [String] = []
        var body: [String] = []
        var stores: [String] = []
        for c in 0..<columns {
            // Column c: pixel vector q of image b at vector s4 within the image.
            setup.append("let q\(c) = min(qBase + \(c), \(vectors - 1));")
            setup.append("let b\(c) = q\(c) / \(pixels4);")
            setup.append("let s\(c) = q\(c) % \(pixels4);")
            setup.append("var xo\(c) = (b\(c) * \(g.channels) + z * \(icg)) * \(pixels4) + s\(c);")
        }
        for r in 0..<rows {
            setup.append("var wo\(r) = (z * \(ocg) + min(m0 + \(r), \(end - 1)) - \(first)) * \(k4);")
            body.append("let w\(r) = W[wo\(r)]; wo\(r) += 1;")
        }
        for c in 0..<columns {
            for j in 0..<4 { body.append("let x\(j)_\(c) = X[xo\(c) + \(j * pixels4)];") }
            body.append("xo\(c) += \(4 * pixels4);")
        }
        for r in 0..<rows {
            for c in 0..<columns {
                setup.append("var acc\(r)_\(c) = vec4<f32>(0.0);")
                body.append("acc\(r)_\(c) = fma(vec4<f32>(w\(r).x), x0_\(c), fma(vec4<f32>(w\(r).y), x1_\(c), fma(vec4<f32>(w\(r).z), x2_\(c), fma(vec4<f32>(w\(r).w), x3_\(c), acc\(r)_\(c)))));")
                let oc = "z * \(ocg) + m0 + \(r)"
                var statement = "{ let oc = \(oc); var v = acc\(r)_\(c)\(hasBias ? " + vec4<f32>(Bias[oc])" : "");"
                statement += " v = vec4<f32>(act(v.x), act(v.y), act(v.z), act(v.w));"
                let o = "(b\(c) * \(outChannels) + oc) * \(pixels4) + s\(c)"
                statement += context.node.fusesResidual ? " Y[\(o)] = v + Residual[\(o)]; }" : " Y[\(o)] = v; }"
                var guards: [String] = []
                if (end - first) % rows != 0 { guards.append("m0 + \(r) < \(end)") }
                if vectors % columns != 0 { guards.append("qBase + \(c) < \(vectors)") }
                stores.append(guards.isEmpty ? statement : "if (\(guards.joined(separator: " && "))) \(statement)")
            }
        }
        var declarations = WGSL.bindings(list)
        if channels != nil {
            declarations = declarations.replacingOccurrences(of: "var<storage, read> W: array<vec4<f32>>;",
                                                             with: "var<uniform> W: array<vec4<f32>, \((end - first) * k4)>;")
        }
        let source = """
        \(declarations)
        fn act(value: f32) -> f32 {
            var v = value;
            \(context.node.fusedActivation.wgsl)
            return v;
        }

        @compute @workgroup_size(\(lanes))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(global_invocation_id) gid: vec3<u32>) {
            let z = i32(group.z);
            let m0 = \(first) + i32(group.y) * \(rows);
            let qBase = i32(gid.x) * \(columns);
            if (qBase >= \(vectors)) { return; }
            \(setup.joined(separator: "\n    "))
            for (var k = 0; k < \(k4); k++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
        let groupsX = (invocations + lanes - 1) / lanes
        return Dispatch(source: source, workgroups: (groupsX, (end - first + rows - 1) / rows, groups), bindings: refs,
                        kind: "1x1s1-vector\(rows)x\(4 * columns)\(channels == nil ? "" : "-uniform")")
    }
}
