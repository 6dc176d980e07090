/// 1×1 convolution (stride 1, no padding) on CPU adapters, with every memory access a vec4 and each weight
/// loaded once per subgroup.
///
/// lavapipe turns each storage load or store whose address is not a compile-time constant into a loop
/// over the SIMD lanes with a bounds check per lane and component, so a kernel's cost is the lane-components
/// it loads, while `subgroupBroadcast` from a constant lane is one shuffle. Invocations run over vectors of
/// 4 neighbouring pixels of one channel (activations and outputs are vec4 accesses) and share the weights:
/// per step of 4 input channels, each of the first `loaders` lanes of a subgroup loads one vec4 of a
/// different output channel's weight row, and every lane takes all the rows from those lanes. Each
/// invocation keeps `rows` output channels × 4·`columns` pixels in registers.
///
/// Measured on lavapipe 22.3 against this kernel's previous form (16 rows × 8 pixels, the weights read by
/// every invocation from a uniform binding): 1.5–3× faster on EfficientNet's 56×56, 28×28 and 14×14 layers
/// with 8 loaders and 32 rows × 4 pixels (24 or 16 rows × 8 pixels where a layer has fewer channels); 4
/// loaders ran ~10–25% slower than 8. Needs the pixel count of an image and the input channels per group to
/// be multiples of 4 (true of every 1×1 conv of EfficientNet and MobileNet down to 14×14; 7×7 maps take
/// `SubgroupPointwiseConv`). Devices without subgroups run the same blocking with each invocation loading
/// every weight (`Dispatch.portable`).
enum VectorPointwiseConv {
    static let maxRows = 32

    static func fits(_ g: WindowGeometry, inputChannelsPerGroup: Int) -> Bool {
        (g.output[0] * g.output[1]) % 4 == 0 && inputChannelsPerGroup % 4 == 0
    }

    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> KernelPlan {
        // Lanes 0..<loaders exist in every subgroup of the device (8 measured best, 4 where subgroups are smaller).
        let loaders = min(8, context.subgroupSize)
        var dispatch = self.dispatch(context, g, groups: groups, outChannels: outChannels, loaders: loaders)
        let portable = self.dispatch(context, g, groups: groups, outChannels: outChannels, loaders: nil)
        dispatch.portable = .init(source: portable.source, workgroups: portable.workgroups, kind: portable.kind)
        return KernelPlan(dispatches: [dispatch])
    }

    /// - Parameter loaders: lanes that load the weights for their subgroup (nil: every invocation loads
    ///   them, for devices without subgroups).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int, loaders: Int?) -> Dispatch {
        let pixels = g.output[0] * g.output[1]
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let (pixels4, k4) = (pixels / 4, icg / 4)
        let vectors = g.batch * pixels4
        // Rows are a multiple of the loaders (each loads rows / loaders of them); layers with few output
        // channels take two pixel vectors per invocation instead, so each loaded weight still feeds 8 pixels.
        let step = loaders ?? 1
        let rows = min(maxRows, (ocg + step - 1) / step * step)
        let columns = rows >= maxRows ? 1 : 2
        let invocations = (vectors + columns - 1) / columns
        // Workgroups of equal size (a multiple of 8 lanes, at most 64): lanes past the end still run.
        let workgroupsX = (invocations + 63) / 64
        let lanes = ((invocations + workgroupsX - 1) / workgroupsX + 7) / 8 * 8
        var list: [WGSL.Binding] = [.init(name: "X", type: "vec4<f32>", writable: false), .init(name: "W", type: "vec4<f32>", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        let hasBias = ConvEpilogueBindings.append(to: &list, &refs, context, element: "vec4<f32>")

        /// Output channel `row` of the block, clamped so that rows past the end load a real row.
        func weightOffset(_ row: String) -> String { "(z * \(ocg) + min(m0 + \(row), \(ocg - 1))) * \(k4)" }
        var setup: [String] = []
        var body: [String] = []
        var stores: [String] = []
        for c in 0..<columns {
            // Column c: pixel vector q of image b at vector s within the image. Lanes past the end repeat
            // the last vector (they may load weights for the others) and store nothing.
            setup.append("let q\(c) = min(qBase + \(c), \(vectors - 1));")
            setup.append("let b\(c) = q\(c) / \(pixels4);")
            setup.append("let s\(c) = q\(c) % \(pixels4);")
            setup.append("var xo\(c) = (b\(c) * \(g.channels) + z * \(icg)) * \(pixels4) + s\(c);")
        }
        if let loaders {
            for i in 0..<rows / loaders {
                setup.append("var wo\(i) = \(weightOffset("\(i * loaders) + lane"));")
                body.append("var v\(i) = vec4<f32>(0.0); if (lane < \(loaders)) { v\(i) = W[wo\(i)]; } wo\(i) += 1;")
            }
        } else {
            for r in 0..<rows {
                setup.append("var wo\(r) = \(weightOffset("\(r)"));")
            }
        }
        for c in 0..<columns {
            for j in 0..<4 { body.append("let x\(j)_\(c) = X[xo\(c) + \(j * pixels4)];") }
            body.append("xo\(c) += \(4 * pixels4);")
        }
        for r in 0..<rows {
            if let loaders {
                body.append("let w\(r) = subgroupBroadcast(v\(r / loaders), \(r % loaders)u);")
            } else {
                body.append("let w\(r) = W[wo\(r)]; wo\(r) += 1;")
            }
            for c in 0..<columns {
                setup.append("var acc\(r)_\(c) = vec4<f32>(0.0);")
                body.append("acc\(r)_\(c) = fma(vec4<f32>(w\(r).x), x0_\(c), fma(vec4<f32>(w\(r).y), x1_\(c), fma(vec4<f32>(w\(r).z), x2_\(c), fma(vec4<f32>(w\(r).w), x3_\(c), acc\(r)_\(c)))));")
                let oc = "z * \(ocg) + m0 + \(r)"
                var statement = "{ let oc = \(oc); var v = acc\(r)_\(c)\(hasBias ? " + vec4<f32>(Bias[oc])" : "");"
                statement += " v = vec4<f32>(act(v.x), act(v.y), act(v.z), act(v.w));"
                let o = "(b\(c) * \(outChannels) + oc) * \(pixels4) + s\(c)"
                statement += context.node.fusesResidual ? " Y[\(o)] = v + Residual[\(o)]; }" : " Y[\(o)] = v; }"
                var guards: [String] = []
                if ocg % rows != 0 { guards.append("m0 + \(r) < \(ocg)") }
                if workgroupsX * lanes * columns > vectors { guards.append("qBase + \(c) < \(vectors)") }
                stores.append(guards.isEmpty ? statement : "if (\(guards.joined(separator: " && "))) \(statement)")
            }
        }
        let laneBuiltin = loaders == nil ? "" : ", @builtin(subgroup_invocation_id) subgroupLane: u32"
        let source = """
        \(WGSL.bindings(list))
        fn act(value: f32) -> f32 {
            var v = value;
            \(context.node.fusedActivation.wgsl)
            return v;
        }

        @compute @workgroup_size(\(lanes))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(global_invocation_id) gid: vec3<u32>\(laneBuiltin)) {
            let z = i32(group.z);
            let m0 = i32(group.y) * \(rows);
            let qBase = i32(gid.x) * \(columns);
            \(loaders == nil ? "" : "let lane = i32(subgroupLane);")
            \(setup.joined(separator: "\n    "))
            for (var k = 0; k < \(k4); k++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
        return Dispatch(source: source, workgroups: (workgroupsX, (ocg + rows - 1) / rows, groups), bindings: refs,
                        kind: "1x1s1-vector\(rows)x\(4 * columns)\(loaders.map { "-subgroup\($0)" } ?? "")")
    }
}
