/// 1×1 convolution (stride 1, no padding) on CPU adapters: invocations run over pixels and share each
/// output channel's weights across their subgroup.
///
/// lavapipe turns each storage load or store whose address is not a compile-time constant into a loop
/// over the SIMD lanes with a bounds check per lane and component, so a kernel's cost is the lane-components
/// it loads, while `subgroupBroadcast` from a constant lane is one shuffle. Per step of 4 input channels,
/// each of the first `loaders` lanes of a subgroup loads one vec4 of a different output channel's weight
/// row, and every lane takes all `rows` rows from those lanes; each invocation keeps `rows` output channels
/// × 4 or 8 pixels in registers. Where an image's pixel count is a multiple of 4, activations and outputs are
/// vec4s of 4 neighbouring pixels of one channel (`Layout.pixelQuads`), else single pixels (7×7 maps).
///
/// Measured on lavapipe 22.3 (wgpu-py microbenchmarks on EfficientNet's layer shapes), against the forms
/// before (every invocation reading the weights from a uniform binding for pixel quads; lanes 0–3 loading
/// 16 k of one row at a time for single pixels): 1.5–3× faster on the 56×56 to 14×14 layers, 1.3–1.6× on
/// the 7×7 ones. 8 loaders ran 10–25% faster than 4; 48 or 64 rows up to ~10% faster than 32 at twice the
/// LLVM compile time. Devices without subgroups run the same blocking with each invocation loading every
/// weight (`Dispatch.portable`). Needs the input channels per group to be a multiple of 4.
enum SubgroupPointwiseConv {
    static let maxRows = 32

    enum Layout {
        /// vec4 accesses of 4 neighbouring pixels (the pixel count of an image is a multiple of 4).
        case pixelQuads
        case pixels
    }

    static func fits(inputChannelsPerGroup: Int) -> Bool { inputChannelsPerGroup % 4 == 0 }

    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> KernelPlan {
        let layout: Layout = (g.output[0] * g.output[1]) % 4 == 0 ? .pixelQuads : .pixels
        // Lanes 0..<loaders exist in every subgroup of the device (8 measured best; 4 where subgroups are smaller).
        let loaders = min(8, context.subgroupSize)
        var dispatch = self.dispatch(context, g, layout, groups: groups, outChannels: outChannels, loaders: loaders)
        let portable = self.dispatch(context, g, layout, groups: groups, outChannels: outChannels, loaders: nil)
        dispatch.portable = .init(source: portable.source, workgroups: portable.workgroups, kind: portable.kind)
        return KernelPlan(dispatches: [dispatch])
    }

    /// - Parameter loaders: lanes that load the weights for their subgroup (nil: every invocation loads
    ///   them, for devices without subgroups).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, _ layout: Layout, groups: Int, outChannels: Int, loaders: Int?) -> Dispatch {
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let k4 = icg / 4
        // Elements of one channel plane (pixels or pixel quads) and of the whole batch.
        let quads = layout == .pixelQuads
        let plane = g.output[0] * g.output[1] / (quads ? 4 : 1)
        let total = g.batch * plane
        let element = quads ? "vec4<f32>" : "f32"
        // Rows are a multiple of the loaders (each loads rows / loaders of them); layers with few output
        // channels take twice the pixels per invocation instead, so each loaded weight still feeds 8 pixels.
        let step = loaders ?? 1
        let rows = min(maxRows, (ocg + step - 1) / step * step)
        let columns = (quads ? 1 : 4) * (rows >= maxRows ? 1 : 2)
        let invocations = (total + columns - 1) / columns
        // Workgroups of equal size (a multiple of 8 lanes, at most 64): lanes past the end still run.
        // The blocks of output channels are the grid's x, so the workgroups lavapipe runs one after another
        // read the same activations while they are in cache (at batch 16 a layer's input outgrows it).
        let pixelGroups = (invocations + 63) / 64
        let lanes = ((invocations + pixelGroups - 1) / pixelGroups + 7) / 8 * 8
        var list: [WGSL.Binding] = [.init(name: "X", type: element, writable: false), .init(name: "W", type: "vec4<f32>", writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        let hasBias = ConvEpilogueBindings.append(to: &list, &refs, context, element: element)

        /// Output channel `row` of the block, clamped so that rows past the end load a real row.
        func weightOffset(_ row: String) -> String { "(z * \(ocg) + min(m0 + \(row), \(ocg - 1))) * \(k4)" }
        var setup: [String] = []
        var body: [String] = []
        var stores: [String] = []
        for c in 0..<columns {
            // Column c: element s of image b's planes. Lanes past the end repeat the last element (they
            // may load weights for the others) and store nothing.
            setup.append("let q\(c) = min(qBase + \(c), \(total - 1));")
            setup.append("let b\(c) = q\(c) / \(plane);")
            setup.append("let s\(c) = q\(c) % \(plane);")
            setup.append("var xo\(c) = (b\(c) * \(g.channels) + z * \(icg)) * \(plane) + s\(c);")
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
            for j in 0..<4 { body.append("let x\(j)_\(c) = X[xo\(c) + \(j * plane)];") }
            body.append("xo\(c) += \(4 * plane);")
        }
        /// A weight as a factor of an activation element.
        func splat(_ weight: String) -> String { quads ? "vec4<f32>(\(weight))" : weight }
        for r in 0..<rows {
            if let loaders {
                body.append("let w\(r) = subgroupBroadcast(v\(r / loaders), \(r % loaders)u);")
            } else {
                body.append("let w\(r) = W[wo\(r)]; wo\(r) += 1;")
            }
            for c in 0..<columns {
                setup.append("var acc\(r)_\(c) = \(element)(0.0);")
                body.append("acc\(r)_\(c) = fma(\(splat("w\(r).x")), x0_\(c), fma(\(splat("w\(r).y")), x1_\(c), fma(\(splat("w\(r).z")), x2_\(c), fma(\(splat("w\(r).w")), x3_\(c), acc\(r)_\(c)))));")
                var statement = "{ let oc = z * \(ocg) + m0 + \(r); var v = acc\(r)_\(c)\(hasBias ? " + \(splat("Bias[oc]"))" : "");"
                statement += quads ? " v = vec4<f32>(act(v.x), act(v.y), act(v.z), act(v.w));" : " v = act(v);"
                let o = "(b\(c) * \(outChannels) + oc) * \(plane) + s\(c)"
                statement += context.node.fusesResidual ? " Y[\(o)] = v + Residual[\(o)]; }" : " Y[\(o)] = v; }"
                var guards: [String] = []
                if ocg % rows != 0 { guards.append("m0 + \(r) < \(ocg)") }
                if pixelGroups * lanes * columns > total { guards.append("qBase + \(c) < \(total)") }
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
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32\(laneBuiltin)) {
            let z = i32(group.z);
            let m0 = i32(group.x) * \(rows);
            let qBase = (i32(group.y) * \(lanes) + i32(local)) * \(columns);
            \(loaders == nil ? "" : "let lane = i32(subgroupLane);")
            \(setup.joined(separator: "\n    "))
            for (var k = 0; k < \(k4); k++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
        let pixelsPerInvocation = columns * (quads ? 4 : 1)
        return Dispatch(source: source, workgroups: ((ocg + rows - 1) / rows, pixelGroups, groups), bindings: refs,
                        kind: "1x1s1-\(rows)x\(pixelsPerInvocation)\(quads ? "-quads" : "")\(loaders.map { "-subgroup\($0)" } ?? "")")
    }
}
