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
