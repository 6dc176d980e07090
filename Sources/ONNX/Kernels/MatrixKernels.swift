/// Gemm and MatMul on the tiled GEMM template, with bias, alpha/beta and fused activations in the store.
enum MatrixKernels {
    static func gemm(_ context: KernelContext) throws -> KernelPlan {
        let (a, b) = (try context.input(0), try context.input(1))
        try requireFloat(context, [a, b])
        let n = context.outputs[0].shape[1]
        let transB = try context.attributes.int("transB", default: 0) != 0
        guard b.gpuBytes > context.maxBindingBytes else { return try gemmColumns(context, 0..<n, bRange: nil) }
        // Weights larger than one binding: with transB, rows of B are output columns, so bind B in
        // row blocks (64-row multiples keep offsets aligned) and run one dispatch per block.
        guard transB else { throw context.unsupported("B of \(b.gpuBytes) bytes exceeds one binding and is not transposed") }
        let k = b.shape[1]
        let rows = max(64, context.maxBindingBytes / (k * 4) / 64 * 64)
        var plan = KernelPlan(dispatches: [])
        for start in stride(from: 0, to: n, by: rows) {
            let columns = start..<min(n, start + rows)
            plan.append(try gemmColumns(context, columns, bRange: (columns.lowerBound * k * 4)..<(columns.upperBound * k * 4)))
        }
        return plan
    }

    /// Gemm for output columns `columns`; `bRange` binds only those rows of a transposed B.
    private static func gemmColumns(_ context: KernelContext, _ columns: Range<Int>, bRange: Range<Int>?) throws -> KernelPlan {
        let a = try context.input(0)
        let out = context.outputs[0]
        let (m, n) = (out.shape[0], out.shape[1])
        let transA = try context.attributes.int("transA", default: 0) != 0
        let transB = try context.attributes.int("transB", default: 0) != 0
        let k = transA ? a.shape[0] : a.shape[1]
        let alpha = try context.attributes.float("alpha", default: 1)
        let beta = try context.attributes.float("beta", default: 1)
        var bindings = [binding("A", false), binding("B", false)]
        var refs: [BindingRef] = [.input(0), bRange.map { .inputRange(1, $0) } ?? .input(1)]
        var bias = ""
        if context.hasInput(2) {
            let c = try context.input(2)
            bindings.append(binding("C", false))
            refs.append(.input(2))
            bias = "v += \(WGSL.literal(beta)) * C[\(offset(c.shape, rows: m, columns: n))];"
        }
        bindings.append(binding("Y", true))
        refs.append(.output(0))
        let n0 = columns.lowerBound
        if context.cpuAdapter && SubgroupTransposedGEMM.fits(m: m, n: columns.count, k: k, transA: transA, transB: transB) {
            let epilogue = "v = \(WGSL.literal(alpha)) * v; \(bias) \(context.node.fusedActivation.wgsl)"
            return SubgroupTransposedGEMM.plan(context, m: m, n: columns.count, k: k, n0: n0, outputColumns: n, bindings: bindings,
                                               refs: refs, epilogue: epilogue)
        }
        let functions = """
        fn loadA(z: i32, m: i32, k: i32) -> f32 { return A[\(transA ? "k * \(m) + m" : "m * \(k) + k")]; }
        fn loadB(z: i32, k: i32, n: i32) -> f32 { return B[\(transB ? "n * \(k) + k" : "k * \(n) + n + \(n0)")]; }
        fn store(z: i32, m: i32, column: i32, value: f32) {
            let n = column + \(n0);
            var v = \(WGSL.literal(alpha)) * value;
            \(bias)
            \(context.node.fusedActivation.wgsl)
            Y[m * \(n) + n] = v;
        }
        """
        let problem = TiledGEMM.Problem(m: m, n: columns.count, k: k, batches: 1)
        let linearA = RegisterGEMM.Linear(buffer: "A", offset: transA ? "{i}" : "{i} * \(k)", step: transA ? m : 1)
        let linearB = RegisterGEMM.Linear(buffer: "B", offset: transB ? "{i} * \(k)" : "{i} + \(n0)", step: transB ? 1 : n)
        return plan(problem, context, bindings, functions, refs, linearA: linearA, linearB: linearB)
    }

    static func matmul(_ context: KernelContext) throws -> KernelPlan {
        let (a, b) = (try context.input(0), try context.input(1))
        try requireFloat(context, [a, b])
        let aShape = a.rank == 1 ? [1] + a.shape : a.shape
        let bShape = b.rank == 1 ? b.shape + [1] : b.shape
        let (m, k, n) = (aShape[aShape.count - 2], aShape[aShape.count - 1], bShape[bShape.count - 1])
        let batchShape = broadcastShapes([Array(aShape.dropLast(2)), Array(bShape.dropLast(2))]) ?? []
        let batches = batchShape.reduce(1, *)
        // Batch offsets of each operand: coordinates of z in the broadcast batch shape.
        let zCoordinates = WGSL.coordinates("z", shape: batchShape, prefix: "c")
        func batchOffset(_ shape: [Int], matrix: Int) -> String {
            let lead = Array(shape.dropLast(2))
            let offset = WGSL.broadcastOffset(lead, outShape: batchShape)
            return offset == "0" ? "0" : "(\(offset)) * \(matrix)"
        }
        let functions = """
        fn loadA(z: i32, m: i32, k: i32) -> f32 {
            \(zCoordinates)
            return A[\(batchOffset(aShape, matrix: m * k)) + m * \(k) + k];
        }
        fn loadB(z: i32, k: i32, n: i32) -> f32 {
            \(zCoordinates)
            return B[\(batchOffset(bShape, matrix: k * n)) + k * \(n) + n];
        }
        fn store(z: i32, m: i32, n: i32, value: f32) {
            var v = value;
            \(context.node.fusedActivation.wgsl)
            Y[z * \(m * n) + m * \(n) + n] = v;
        }
        """
        let problem = TiledGEMM.Problem(m: m, n: n, k: k, batches: batches)
        return plan(problem, context, [binding("A", false), binding("B", false), binding("Y", true)], functions, [.input(0), .input(1), .output(0)])
    }

    private static func plan(_ problem: TiledGEMM.Problem, _ context: KernelContext, _ bindings: [WGSL.Binding],
                             _ functions: String, _ refs: [BindingRef], linearA: RegisterGEMM.Linear? = nil,
                             linearB: RegisterGEMM.Linear? = nil) -> KernelPlan {
        guard problem.m > 0 && problem.n > 0 && problem.batches > 0 else { return KernelPlan(dispatches: []) }
        return TiledGEMM.plan(problem, context, bindings: bindings, functions: functions, refs: refs, linearA: linearA, linearB: linearB)
    }

    /// The offset into a bias of `shape` broadcast over an m×n result at (m, n).
    private static func offset(_ shape: [Int], rows: Int, columns: Int) -> String {
        let padded = Array(repeating: 1, count: 2 - shape.count) + shape
        switch (padded[0] == 1, padded[1] == 1) {
        case (true, true): return "0"
        case (true, false): return "n"
        case (false, true): return "m"
        case (false, false): return "m * \(columns) + n"
        }
    }

    static func binding(_ name: String, _ writable: Bool) -> WGSL.Binding {
        WGSL.Binding(name: name, type: "f32", writable: writable)
    }

    static func requireFloat(_ context: KernelContext, _ inputs: [TensorInfo]) throws {
        if let other = inputs.first(where: { !$0.type.isFloat }) {
            throw ONNXError.unsupportedType("node '\(context.node.name)' (\(context.node.opType)) on \(other.type.rawValue)")
        }
    }
}
