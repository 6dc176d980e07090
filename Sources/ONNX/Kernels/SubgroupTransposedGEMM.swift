/// Gemm with B transposed (B's rows are output columns, as in a classifier's fully connected layer) on
/// CPU adapters: each invocation computes 4 output columns × up to 8 rows of A, reading its 4 rows of B
/// as vec4s along k, while the first lanes of its subgroup load the rows of A, which every invocation
/// needs, and the others take them with `subgroupBroadcast`.
///
/// `RegisterGEMM` loaded B one scalar per column and step of k, a lane-by-lane loop each on lavapipe; a vec4
/// costs about 40% of 4 scalars there, and B is most of what a batch-1 classifier layer loads
/// (1,000 × 1,280 weights for one row of A in EfficientNet-Lite0). Devices without subgroups run the same
/// blocking with each invocation loading the rows of A. Needs K to be a multiple of 4.
enum SubgroupTransposedGEMM {
    /// Output columns per invocation (4 rows of B).
    static let columns = 4
    static let maxRows = 8

    /// Whether the layout fits and the grid and k loop stay within limits (rows: the fewest a block may have).
    static func fits(m: Int, n: Int, k: Int, transA: Bool, transB: Bool) -> Bool {
        let invocations = (n + columns - 1) / columns
        return transB && !transA && k % 4 == 0 && k / 4 < 65535 && (invocations + 63) / 64 <= 65535 && (m + 3) / 4 <= 65535
    }

    /// - Parameters:
    ///   - n0: the first output column (B is bound from row n0 on).
    ///   - epilogue: WGSL statements that turn `v` (the product at row `m`, output column `n`) into the stored value.
    static func plan(_ context: KernelContext, m: Int, n: Int, k: Int, n0: Int, outputColumns: Int, bindings: [WGSL.Binding],
                     refs: [BindingRef], epilogue: String) -> KernelPlan {
        let loaders = min(8, context.subgroupSize)
        var dispatch = self.dispatch(m: m, n: n, k: k, n0: n0, outputColumns: outputColumns, bindings: bindings, refs: refs,
                                     epilogue: epilogue, quads: context.quads, loaders: loaders)
        let portable = self.dispatch(m: m, n: n, k: k, n0: n0, outputColumns: outputColumns, bindings: bindings, refs: refs,
                                     epilogue: epilogue, quads: context.quads, loaders: nil)
        dispatch.portable = .init(portable)
        return KernelPlan(dispatches: [dispatch])
    }

    /// - Parameter loaders: lanes that load the rows of A for their subgroup (nil: every invocation loads them).
    private static func dispatch(m: Int, n: Int, k: Int, n0: Int, outputColumns: Int, bindings: [WGSL.Binding], refs: [BindingRef],
                                 epilogue: String, quads: QuadLoads, loaders: Int?) -> Dispatch {
        // Rows of A per invocation: at most as many as there are loader lanes, each loading one row.
        let rows = min(m, loaders ?? maxRows, maxRows)
        let k4 = k / 4
        let invocations = (n + columns - 1) / columns
        let groupsX = (invocations + 63) / 64
        let lanes = ((invocations + groupsX - 1) / groupsX + 7) / 8 * 8
        var setup: [String] = []
        var body: [String] = []
        var stores: [String] = []
        for c in 0..<columns {
            // Columns past the end read the last row of B and store nothing.
            setup.append("let b\(c) = min(c0 + \(c), \(n - 1)) * \(k4);")
            body.append("let x\(c) = \(quads.load("B[b\(c) + s]"));")
        }
        if let loaders {
            // Lane l loads row m0 + l of A (clamped: rows past the end load a real row).
            setup.append("let ownRow = min(m0 + min(lane, \(rows - 1)), \(m - 1)) * \(k4);")
            body.append("var own = vec4<f32>(0.0); if (lane < \(min(loaders, rows))) { own = \(quads.load("A[ownRow + s]")); }")
        } else {
            for r in 0..<rows { setup.append("let a\(r)Row = min(m0 + \(r), \(m - 1)) * \(k4);") }
        }
        for r in 0..<rows {
            body.append(loaders == nil ? "let a\(r) = \(quads.load("A[a\(r)Row + s]"));" : "let a\(r) = subgroupBroadcast(own, \(r)u);")
            for c in 0..<columns {
                setup.append("var acc\(r)_\(c) = 0.0;")
                body.append("acc\(r)_\(c) += dot(a\(r), x\(c));")
                var guards = ["c0 + \(c) < \(n)"]
                if m % rows != 0 { guards.append("m0 + \(r) < \(m)") }
                stores.append("if (\(guards.joined(separator: " && "))) { let m = m0 + \(r); let n = c0 + \(c) + \(n0); var v = acc\(r)_\(c); \(epilogue) Y[m * \(outputColumns) + n] = v; }")
            }
        }
        // A and B as vec4s along k; the other bindings as given.
        let vectorBindings = bindings.map { ["A", "B"].contains($0.name) ? WGSL.Binding(name: $0.name, type: quads.elementType, writable: false) : $0 }
        let laneBuiltin = loaders == nil ? "" : ", @builtin(subgroup_invocation_id) subgroupLane: u32"
        let source = """
        \(WGSL.bindings(vectorBindings))
        \(quads.function)

        @compute @workgroup_size(\(lanes))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32\(laneBuiltin)) {
            let c0 = (i32(group.x) * \(lanes) + i32(local)) * \(columns);
            let m0 = i32(group.y) * \(rows);
            \(loaders == nil ? "" : "let lane = i32(subgroupLane);")
            \(setup.joined(separator: "\n    "))
            for (var s = 0; s < \(k4); s++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
        return Dispatch(source: source, workgroups: (groupsX, (m + rows - 1) / rows, 1), bindings: refs,
                        kind: "transposed\(rows)x\(columns)\(loaders.map { "-subgroup\($0)" } ?? "")")
    }
}
