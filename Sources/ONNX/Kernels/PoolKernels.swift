/// MaxPool/AveragePool (one thread per output, window loops specialized) and the global pools
/// (one workgroup per plane, a strided partial reduction then a tree in workgroup memory).
enum PoolKernels {
    static func pool(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        guard let kernel = try context.attributes.ints("kernel_shape") else { throw context.unsupported("no kernel_shape") }
        let ceil = try context.attributes.int("ceil_mode", default: 0) != 0
        let g = try WindowGeometry.resolve(context.shapes, x: x, kernelShape: kernel, ceilMode: ceil)
        let isMax = context.node.opType == "MaxPool"
        let includePad = try context.attributes.int("count_include_pad", default: 0) != 0
        let (oh, ow, ih, iw) = (g.output[0], g.output[1], g.input[0], g.input[1])
        let accumulate = isMax ? "v = max(v, X[base + y * \(iw) + x]);" : "v += X[base + y * \(iw) + x]; n += 1.0;"
        // count_include_pad counts padding cells but never cells past the padded input (ceil_mode overhang).
        let divisor = isMax ? "" : includePad
            ? "let hy = min(y0 + \((g.kernel[0] - 1) * g.dilations[0] + 1), \(ih + g.padEnd[0])) - y0; let hx = min(x0 + \((g.kernel[1] - 1) * g.dilations[1] + 1), \(iw + g.padEnd[1])) - x0; v = v / f32(((hy - 1) / \(g.dilations[0]) + 1) * ((hx - 1) / \(g.dilations[1]) + 1));"
            : "v = v / max(n, 1.0);"
        let body = """
            let ox = i % \(ow);
            let oy = (i / \(ow)) % \(oh);
            let base = (i / \(oh * ow)) * \(ih * iw);
            let y0 = oy * \(g.strides[0]) - \(g.padBegin[0]);
            let x0 = ox * \(g.strides[1]) - \(g.padBegin[1]);
            var v = \(isMax ? "bitcast<f32>(0xff800000u)" : "0.0");
            var n = 0.0;
            for (var ky = 0; ky < \(g.kernel[0]); ky++) {
                let y = y0 + ky * \(g.dilations[0]);
                if (y < 0 || y >= \(ih)) { continue; }
                for (var kx = 0; kx < \(g.kernel[1]); kx++) {
                    let x = x0 + kx * \(g.dilations[1]);
                    if (x >= 0 && x < \(iw)) { \(accumulate) }
                }
            }
            \(divisor)
            Y[i] = v;
        """
        return ElementwiseKernels.single(count: context.outputs[0].count, [("X", .float32, false), ("Y", .float32, true)], body: body, prelude: "")
    }

    static func global(_ context: KernelContext) throws -> KernelPlan {
        let x = try context.input(0)
        try MatrixKernels.requireFloat(context, [x])
        let planes = x.shape[0] * x.shape[1]
        let size = x.count / max(planes, 1)
        let isMax = context.node.opType == "GlobalMaxPool"
        let finish = isMax ? "v" : "v / \(Float(size))"
        if context.cpuAdapter { return sequentialPlanes(planes: planes, size: size, isMax: isMax, finish: finish) }
        return planeReduction(planes: planes, size: size, isMax: isMax, finish: finish)
    }

    /// CPU adapters: one invocation per plane, a plain loop (lavapipe runs workgroup barriers as
    /// coroutine switches, which made the tree reduction the slowest kernel per byte).
    static func sequentialPlanes(planes: Int, size: Int, isMax: Bool, finish: String) -> KernelPlan {
        let body = """
            var v = \(isMax ? "bitcast<f32>(0xff800000u)" : "0.0");
            for (var j = 0; j < \(size); j++) { v = \(isMax ? "max(v, X[i * \(size) + j])" : "v + X[i * \(size) + j]"); }
            Y[i] = \(finish);
        """
        return ElementwiseKernels.single(count: planes, [("X", .float32, false), ("Y", .float32, true)], body: body, prelude: "")
    }

    /// Reduces each contiguous plane of `size` elements to one value with 64 threads per plane.
    static func planeReduction(planes: Int, size: Int, isMax: Bool, finish: String) -> KernelPlan {
        let initial = isMax ? "bitcast<f32>(0xff800000u)" : "0.0"
        let combine = isMax ? "max(a, b)" : "a + b"
        let groupsX = min(planes, WGSL.maxGroupsX)
        let source = """
        \(WGSL.bindings([.init(name: "X", type: "f32", writable: false), .init(name: "Y", type: "f32", writable: true)]))
        var<workgroup> partial: array<f32, 64>;
        fn combine(a: f32, b: f32) -> f32 { return \(combine); }
        @compute @workgroup_size(64)
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
            let plane = i32(group.x + group.y * \(groupsX)u);
            let valid = plane < \(planes);
            var v = \(initial);
            if (valid) {
                for (var j = i32(lane); j < \(size); j += 64) { v = combine(v, X[plane * \(size) + j]); }
            }
            partial[lane] = v;
            workgroupBarrier();
            for (var stride = 32u; stride > 0u; stride = stride / 2u) {
                if (lane < stride) { partial[lane] = combine(partial[lane], partial[lane + stride]); }
                workgroupBarrier();
            }
            if (lane == 0u && valid) { let v = partial[0]; Y[plane] = \(finish); }
        }
        """
        let groups = (groupsX, (planes + groupsX - 1) / groupsX, 1)
        return KernelPlan(dispatches: planes == 0 ? [] : [Dispatch(source: source, workgroups: groups, bindings: [.input(0), .output(0)])])
    }
}
