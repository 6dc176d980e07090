/// 1×1 convolution (stride 1, no padding) on CPU adapters: invocations run over pixels and share each
/// output channel's weights across their subgroup.
///
/// lavapipe turns each storage load or store whose address is not a compile-time constant into a loop
/// over the SIMD lanes with a bounds check per lane and component, so a kernel's cost is the lane-components
/// it loads, while `subgroupBroadcast` from a constant lane is one shuffle. Per step of 4 input channels,
/// each of the first `loaders` lanes of a subgroup loads one vec4 of a different output channel's weight
/// row, and every lane takes all `rows` rows from those lanes; each invocation keeps `rows` output channels
/// × 4 or 8 neighbouring pixels of one image in vec4 registers. Where an image's pixel count is a multiple
/// of 4, activations and outputs are aligned vec4s (`Layout.alignedQuads`); elsewhere (7×7 maps) a quad's
/// activations straddle two vec4s at an offset known when the kernel is written (`Layout.straddledQuads`).
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
        /// Quads of 4 neighbouring pixels are aligned vec4s of the activations and the output.
        case alignedQuads
        /// An image's pixel count is not a multiple of 4: its quads start at 4i within the image (the last one
        /// partly past its end), and a quad of input channel c starts (c × pixels) mod 4 elements into a
        /// vec4, the same for every image and quad because the input channels come in steps of 4. Quads
        /// that straddle are loaded as two aligned vec4s (on lavapipe that costs less than 4 scalar loads);
        /// outputs are stored as scalars.
        case straddledQuads
    }

    static func fits(inputChannelsPerGroup: Int) -> Bool { inputChannelsPerGroup % 4 == 0 }

    static func plan(_ context: KernelContext, _ g: WindowGeometry, groups: Int, outChannels: Int) -> KernelPlan {
        let layout: Layout = (g.output[0] * g.output[1]) % 4 == 0 ? .alignedQuads : .straddledQuads
        // Lanes 0..<loaders exist in every subgroup of the device (8 measured best; 4 where subgroups are smaller).
        let loaders = min(8, context.subgroupSize)
        var dispatch = self.dispatch(context, g, layout, groups: groups, outChannels: outChannels, loaders: loaders)
        let portable = self.dispatch(context, g, layout, groups: groups, outChannels: outChannels, loaders: nil)
        dispatch.portable = .init(portable)
        return KernelPlan(dispatches: [dispatch])
    }

    /// - Parameter loaders: lanes that load the weights for their subgroup (nil: every invocation loads
    ///   them, for devices without subgroups).
    private static func dispatch(_ context: KernelContext, _ g: WindowGeometry, _ layout: Layout, groups: Int, outChannels: Int, loaders: Int?) -> Dispatch {
        let (icg, ocg) = (g.channels / groups, outChannels / groups)
        let k4 = icg / 4
        let aligned = layout == .alignedQuads
        // Pixels of one channel plane, its quads, and the quads of the whole batch.
        let pixels = g.output[0] * g.output[1]
        let quadsPerImage = (pixels + 3) / 4
        let total = g.batch * quadsPerImage
        // Rows are a multiple of the loaders (each loads rows / loaders of them); layers with few output
        // channels take two quads per invocation instead, so each loaded weight still feeds 8 pixels.
        let step = loaders ?? 1
        let rows = min(maxRows, (ocg + step - 1) / step * step)
        let columns = rows >= maxRows ? 1 : 2
        let invocations = (total + columns - 1) / columns
        // Workgroups of equal size (a multiple of 8 lanes, at most 64): lanes past the end still run.
        // The blocks of output channels are the grid's x, so the workgroups lavapipe runs one after another
        // read the same activations while they are in cache (at batch 16 a layer's input outgrows it).
        let pixelGroups = (invocations + 63) / 64
        let lanes = ((invocations + pixelGroups - 1) / pixelGroups + 7) / 8 * 8
        let quads = context.quads
        var list: [WGSL.Binding] = [.init(name: "X", type: quads.elementType, writable: false), .init(name: "W", type: quads.elementType, writable: false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        let hasBias = ConvEpilogue.appendBindings(to: &list, &refs, context, element: aligned ? "vec4<f32>" : "f32")

        /// Output channel `row` of the block, clamped so that rows past the end load a real row.
        func weightOffset(_ row: String) -> String { "(z * \(ocg) + min(m0 + \(row), \(ocg - 1))) * \(k4)" }
        var setup: [String] = []
        var body: [String] = []
        var stores: [String] = []
        for c in 0..<columns {
            // Column c: quad i of image b. Lanes past the end repeat the last quad (they may load weights for
            // the others) and store nothing. xo: the quad's first element in vec4s (a multiple of 4 elements,
            // as channel blocks of 4 × any pixel count are).
            setup.append("let q\(c) = min(qBase + \(c), \(total - 1));")
            setup.append("let b\(c) = q\(c) / \(quadsPerImage);")
            setup.append("let i\(c) = q\(c) % \(quadsPerImage);")
            setup.append(aligned ? "var xo\(c) = (b\(c) * \(g.channels) + z * \(icg)) * \(pixels / 4) + i\(c);"
                                 : "var xo\(c) = ((b\(c) * \(g.channels) + z * \(icg)) * \(pixels)) / 4 + i\(c);")
        }
        if let loaders {
            for i in 0..<rows / loaders {
                setup.append("var wo\(i) = \(weightOffset("\(i * loaders) + lane"));")
                body.append("var v\(i) = vec4<f32>(0.0); if (lane < \(loaders)) { v\(i) = \(quads.load("W[wo\(i)]")); } wo\(i) += 1;")
            }
        } else {
            for r in 0..<rows {
                setup.append("var wo\(r) = \(weightOffset("\(r)"));")
            }
        }
        for c in 0..<columns {
            for j in 0..<4 {
                // Input channel j of the step starts j × pixels elements on: `shift` into the vec4 at `index`.
                let (index, shift) = ((j * pixels) / 4, (j * pixels) % 4)
                if shift == 0 {
                    body.append("let x\(j)_\(c) = \(quads.load("X[xo\(c) + \(index)]"));")
                } else {
                    let low = (shift..<4).map { "lo\(j)_\(c)[\($0)]" }
                    let high = (0..<shift).map { "hi\(j)_\(c)[\($0)]" }
                    body.append("let lo\(j)_\(c) = \(quads.load("X[xo\(c) + \(index)]")); let hi\(j)_\(c) = \(quads.load("X[xo\(c) + \(index + 1)]"));")
                    body.append("let x\(j)_\(c) = vec4<f32>(\((low + high).joined(separator: ", ")));")
                }
            }
            body.append("xo\(c) += \(pixels);")
        }
        for r in 0..<rows {
            if let loaders {
                body.append("let w\(r) = subgroupBroadcast(v\(r / loaders), \(r % loaders)u);")
            } else {
                body.append("let w\(r) = \(quads.load("W[wo\(r)]")); wo\(r) += 1;")
            }
            for c in 0..<columns {
                setup.append("var acc\(r)_\(c) = vec4<f32>(0.0);")
                body.append("acc\(r)_\(c) = fma(vec4<f32>(w\(r).x), x0_\(c), fma(vec4<f32>(w\(r).y), x1_\(c), fma(vec4<f32>(w\(r).z), x2_\(c), fma(vec4<f32>(w\(r).w), x3_\(c), acc\(r)_\(c)))));")
                let target: ConvEpilogue.QuadTarget = aligned ? .vector("(b\(c) * \(outChannels) + oc) * \(pixels / 4) + i\(c)")
                    : .scalars(first: "(b\(c) * \(outChannels) + oc) * \(pixels) + 4 * i\(c)", inside: { "4 * i\(c) + \($0) < \(pixels)" })
                var guards: [String] = []
                if ocg % rows != 0 { guards.append("m0 + \(r) < \(ocg)") }
                if pixelGroups * lanes * columns > total { guards.append("qBase + \(c) < \(total)") }
                stores.append(ConvEpilogue.storeQuad("acc\(r)_\(c)", channel: "z * \(ocg) + m0 + \(r)", context, hasBias: hasBias, to: target, guards: guards))
            }
        }
        let laneBuiltin = loaders == nil ? "" : ", @builtin(subgroup_invocation_id) subgroupLane: u32"
        let source = """
        \(WGSL.bindings(list))
        \(context.node.fusedActivation.actFunction)
        \(quads.function)

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
        return Dispatch(source: source, workgroups: ((ocg + rows - 1) / rows, pixelGroups, groups), bindings: refs,
                        kind: "1x1s1-\(rows)x\(columns * 4)\(aligned ? "-quads" : "-straddled")\(loaders.map { "-subgroup\($0)" } ?? "")")
    }
}
