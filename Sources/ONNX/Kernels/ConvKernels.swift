/// Conv: an implicit GEMM on the tiled template (M = output channels of a group, N = batch × output
/// pixels, K = input channels of a group × kernel window, im2col done on the fly in `loadB`), and a
/// specialized direct kernel for depthwise convolution. Bias and fused activations run in the store.
enum ConvKernels {
    static func conv(_ context: KernelContext) throws -> KernelPlan {
        let (x, w) = (try context.input(0), try context.input(1))
        try MatrixKernels.requireFloat(context, [x, w])
        let kernel = try context.attributes.ints("kernel_shape") ?? Array(w.shape[2...])
        let g = try WindowGeometry.resolve(context.shapes, x: x, kernelShape: kernel)
        let group = try context.attributes.int("group", default: 1)
        let outChannels = w.shape[0]
        if group == g.channels && outChannels == group {
            return try depthwise(context, g)
        }
        let (icg, ocg) = (g.channels / group, outChannels / group)
        let window = g.kernel[0] * g.kernel[1]
        let (oh, ow) = (g.output[0], g.output[1])
        let (ih, iw) = (g.input[0], g.input[1])
        let pixels = oh * ow
        let pointwise = window == 1 && g.strides == [1, 1] && g.padBegin == [0, 0] && g.padEnd == [0, 0]
        let loadB: String
        if pointwise {
            loadB = """
            let b = n / \(pixels);
            let s = n % \(pixels);
            return X[(b * \(g.channels) + z * \(icg) + k) * \(pixels) + s];
            """
        } else {
            loadB = """
            let ic = k / \(window);
            let r = k % \(window);
            let b = n / \(pixels);
            let s = n % \(pixels);
            let y = (s / \(ow)) * \(g.strides[0]) - \(g.padBegin[0]) + (r / \(g.kernel[1])) * \(g.dilations[0]);
            let x = (s % \(ow)) * \(g.strides[1]) - \(g.padBegin[1]) + (r % \(g.kernel[1])) * \(g.dilations[1]);
            if (y < 0 || y >= \(ih) || x < 0 || x >= \(iw)) { return 0.0; }
            return X[((b * \(g.channels) + z * \(icg) + ic) * \(ih) + y) * \(iw) + x];
            """
        }
        var bindings = [MatrixKernels.binding("X", false), MatrixKernels.binding("W", false)]
        var refs: [BindingRef] = [.input(0), .input(1)]
        if context.hasInput(2) {
            bindings.append(MatrixKernels.binding("Bias", false))
            refs.append(.input(2))
        }
        bindings.append(MatrixKernels.binding("Y", true))
        refs.append(.output(0))
        let functions = """
        fn loadA(z: i32, m: i32, k: i32) -> f32 { return W[(z * \(ocg) + m) * \(icg * window) + k]; }
        fn loadB(z: i32, k: i32, n: i32) -> f32 {
            \(loadB)
        }
        fn store(z: i32, m: i32, n: i32, value: f32) {
            let oc = z * \(ocg) + m;
            var v = value\(context.hasInput(2) ? " + Bias[oc]" : "");
            \(context.node.fusedActivation.wgsl)
            Y[((n / \(pixels)) * \(outChannels) + oc) * \(pixels) + n % \(pixels)] = v;
        }
        """
        let problem = TiledGEMM.Problem(m: ocg, n: g.batch * pixels, k: icg * window, batches: group)
        let source = TiledGEMM.source(problem, bindings: WGSL.bindings(bindings), functions: functions)
        return KernelPlan(dispatches: [Dispatch(source: source, workgroups: TiledGEMM.workgroups(problem), bindings: refs)])
    }

    /// One thread per output element, the window loop fully specialized; weights of a channel are
    /// contiguous so they stay in cache across a channel's pixels.
    private static func depthwise(_ context: KernelContext, _ g: WindowGeometry) throws -> KernelPlan {
        let out = context.outputs[0]
        let (oh, ow, ih, iw) = (g.output[0], g.output[1], g.input[0], g.input[1])
        let (kh, kw) = (g.kernel[0], g.kernel[1])
        let body = """
            let ox = i % \(ow);
            let oy = (i / \(ow)) % \(oh);
            let plane = i / \(oh * ow);
            let c = plane % \(g.channels);
            let base = plane * \(ih * iw);
            var v = \(context.hasInput(2) ? "Bias[c]" : "0.0");
            let y0 = oy * \(g.strides[0]) - \(g.padBegin[0]);
            let x0 = ox * \(g.strides[1]) - \(g.padBegin[1]);
            for (var ky = 0; ky < \(kh); ky++) {
                let y = y0 + ky * \(g.dilations[0]);
                if (y < 0 || y >= \(ih)) { continue; }
                for (var kx = 0; kx < \(kw); kx++) {
                    let x = x0 + kx * \(g.dilations[1]);
                    if (x >= 0 && x < \(iw)) { v += X[base + y * \(iw) + x] * W[(c * \(kh) + ky) * \(kw) + kx]; }
                }
            }
            \(context.node.fusedActivation.wgsl)
            Y[i] = v;
        """
        var list: [(String, ElementType, Bool)] = [("X", .float32, false), ("W", .float32, false)]
        if context.hasInput(2) { list.append(("Bias", .float32, false)) }
        list.append(("Y", .float32, true))
        return ElementwiseKernels.single(count: out.count, list, body: body, prelude: "")
    }
}
