/// BatchNormalization (inference form, per-channel affine), InstanceNormalization and LRN.
enum NormalizationKernels {
    static func batchNorm(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        if context.node.outputs.count > 1 && context.node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
            throw context.unsupported("training mode outputs (running mean/var)")
        }
        if try context.attributes.int("training_mode", default: 0) != 0 { throw context.unsupported("training_mode") }
        let epsilon = try context.attributes.float("epsilon", default: 1e-5)
        let channels = x.rank > 1 ? x.shape[1] : 1
        let spatial = x.rank > 2 ? x.shape[2...].reduce(1, *) : 1
        let body = """
            let c = (i / \(spatial)) % \(channels);
            Y[i] = (X[i] - Mean[c]) / sqrt(Var[c] + \(WGSL.literal(epsilon))) * Scale[c] + Bias[c];
        """
        let list: [(String, ElementType, Bool)] = [("X", .float32, false), ("Scale", .float32, false), ("Bias", .float32, false),
                                                   ("Mean", .float32, false), ("Var", .float32, false), ("Y", .float32, true)]
        return ElementwiseKernels.single(count: x.count, list, body: body, prelude: "")
    }

    /// One thread per (batch, channel) plane: two passes for mean and variance, one to write.
    static func instanceNorm(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let epsilon = try context.attributes.float("epsilon", default: 1e-5)
        let channels = x.shape[1]
        let size = x.shape[2...].reduce(1, *)
        let body = """
            let base = i * \(size);
            let c = i % \(channels);
            var mean = 0.0;
            for (var j = 0; j < \(size); j++) { mean += X[base + j]; }
            mean = mean / \(Float(size));
            var variance = 0.0;
            for (var j = 0; j < \(size); j++) { let d = X[base + j] - mean; variance += d * d; }
            let scale = Scale[c] / sqrt(variance / \(Float(size)) + \(WGSL.literal(epsilon)));
            for (var j = 0; j < \(size); j++) { Y[base + j] = (X[base + j] - mean) * scale + Bias[c]; }
        """
        let list: [(String, ElementType, Bool)] = [("X", .float32, false), ("Scale", .float32, false), ("Bias", .float32, false), ("Y", .float32, true)]
        return ElementwiseKernels.single(count: x.shape[0] * channels, list, body: body, prelude: "")
    }

    /// One thread per normalized row: mean, variance, then the affine write; Mean/InvStdDev when asked.
    static func layerNorm(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let axis = try context.shapes.axis(try context.attributes.int("axis", default: -1), rank: x.rank)
        let epsilon = try context.attributes.float("epsilon", default: 1e-5)
        let size = x.shape[axis...].reduce(1, *)
        let rows = x.count / max(size, 1)
        func parameter(_ index: Int, _ name: String) throws -> String? {
            guard context.hasInput(index) else { return nil }
            let info = try context.input(index)
            guard info.count == size || info.count == 1 else { throw context.unsupported("\(name) of shape \(info.shape) broadcast within the row") }
            return info.count == 1 ? "\(name)[0]" : "\(name)[j]"
        }
        let scale = try parameter(1, "Scale") ?? "1.0"
        let bias = try parameter(2, "Bias") ?? "0.0"
        let outputs = context.node.outputs
        let writeMean = outputs.count > 1 && !outputs[1].isEmpty
        let writeInv = outputs.count > 2 && !outputs[2].isEmpty
        var body = """
            let base = i * \(size);
            var mean = 0.0;
            for (var j = 0; j < \(size); j++) { mean += X[base + j]; }
            mean = mean / \(Float(size));
            var variance = 0.0;
            for (var j = 0; j < \(size); j++) { let d = X[base + j] - mean; variance += d * d; }
            let inv = 1.0 / sqrt(variance / \(Float(size)) + \(WGSL.literal(epsilon)));
            for (var j = 0; j < \(size); j++) { Y[base + j] = (X[base + j] - mean) * inv * \(scale) + \(bias); }

        """
        var list: [(String, ElementType, Bool)] = [("X", .float32, false)]
        if context.hasInput(1) { list.append(("Scale", .float32, false)) }
        if context.hasInput(2) { list.append(("Bias", .float32, false)) }
        list.append(("Y", .float32, true))
        var outputRefs: [BindingRef] = [.output(0)]
        if writeMean { list.append(("MeanOut", .float32, true)); outputRefs.append(.output(1)); body += "    MeanOut[i] = mean;\n" }
        if writeInv { list.append(("InvOut", .float32, true)); outputRefs.append(.output(2)); body += "    InvOut[i] = inv;\n" }
        var plan = ElementwiseKernels.single(count: rows, list, body: body, prelude: "", outputs: outputRefs.count)
        let inputRefs = [0, 1, 2].filter { context.hasInput($0) }.map(BindingRef.input)
        for index in plan.dispatches.indices { plan.dispatches[index].bindings = inputRefs + outputRefs }
        return plan
    }

    static func lrn(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let size = try context.attributes.int("size", default: 1)
        let alpha = try context.attributes.float("alpha", default: 1e-4)
        let beta = try context.attributes.float("beta", default: 0.75)
        let bias = try context.attributes.float("bias", default: 1)
        let channels = x.shape[1]
        let spatial = x.shape[2...].reduce(1, *)
        let (below, above) = ((size - 1) / 2, size / 2)  // floor and ceil of (size - 1) / 2
        let body = """
            let c = (i / \(spatial)) % \(channels);
            var s = 0.0;
            for (var d = max(0, c - \(below)); d <= min(\(channels - 1), c + \(above)); d++) {
                let v = X[i + (d - c) * \(spatial)];
                s += v * v;
            }
            Y[i] = X[i] / pow(\(WGSL.literal(bias)) + \(WGSL.literal(alpha / Float(size))) * s, \(WGSL.literal(beta)));
        """
        return ElementwiseKernels.single(count: x.count, [("X", .float32, false), ("Y", .float32, true)], body: body, prelude: "")
    }
}
