/// Conv: an implicit GEMM on the tiled template (M = output channels of a group, N = batch × output
/// pixels, K = input channels of a group × kernel window, im2col done on the fly in `loadB`), and a
/// specialized direct kernel for depthwise convolution (`DepthwiseConvKernel`). CPU adapters take
/// register-blocked kernels that share weights across subgroups instead: `SubgroupPointwiseConv` for 1×1
/// convs, `SubgroupDirectConv` for the others. Bias and fused activations run in the store.
enum ConvKernels {
    static func conv(_ context: KernelContext) throws -> KernelPlan {
        let (x, w) = (try context.input(0), try context.input(1))
        try MatrixKernels.requireFloat(context, [x, w])
        let kernel = try context.attributes.ints("kernel_shape") ?? Array(w.shape[2...])
        let g = try WindowGeometry.resolve(context.shapes, x: x, kernelShape: kernel)
        let group = try context.attributes.int("group", default: 1)
        let outChannels = w.shape[0]
        if group == g.channels && outChannels == group {
            return DepthwiseConvKernel.plan(context, g)
        }
        let (icg, ocg) = (g.channels / group, outChannels / group)
        let window = g.kernel[0] * g.kernel[1]
        let (oh, ow) = (g.output[0], g.output[1])
        let (ih, iw) = (g.input[0], g.input[1])
        let pixels = oh * ow
        let pointwise = window == 1 && g.strides == [1, 1] && g.padBegin == [0, 0] && g.padEnd == [0, 0]
        if pointwise && context.cpuAdapter && SubgroupPointwiseConv.fits(inputChannelsPerGroup: icg) {
            return SubgroupPointwiseConv.plan(context, g, groups: group, outChannels: outChannels)
        }
        if context.cpuAdapter && SubgroupDirectConv.fits(g, inputChannelsPerGroup: icg) {
            return SubgroupDirectConv.plan(context, g, groups: group, outChannels: outChannels)
        }
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
        if context.node.fusesResidual {
            bindings.append(MatrixKernels.binding("Residual", false))
            refs.append(.input(3))
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
            let o = ((n / \(pixels)) * \(outChannels) + oc) * \(pixels) + n % \(pixels);
            \(context.node.fusesResidual ? "v += Residual[o];" : "")
            Y[o] = v;
        }
        """
        let problem = TiledGEMM.Problem(m: ocg, n: g.batch * pixels, k: icg * window, batches: group)
        let linearA = RegisterGEMM.Linear(buffer: "W", offset: "(z * \(ocg) + {i}) * \(icg * window)", step: 1)
        let linearB = pointwise ? RegisterGEMM.Linear(buffer: "X", offset: "({i} / \(pixels)) * \(g.channels * pixels) + z * \(icg * pixels) + {i} % \(pixels)", step: pixels) : nil
        var plan = TiledGEMM.plan(problem, context, bindings: bindings, functions: functions, refs: refs, linearA: linearA, linearB: linearB)
        for index in plan.dispatches.indices {
            plan.dispatches[index].kind = "\(g.kernel[0])x\(g.kernel[1])s\(g.strides[0])-\(plan.dispatches[index].kind)"
        }
        return plan
    }
}
