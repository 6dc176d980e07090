/// The tiled matrix-multiply template behind MatMul, Gemm and Conv (as implicit GEMM) on GPUs.
///
/// A workgroup of 16 × `threadRows` invocations computes a `tileM` × `tileN` tile of C, each invocation
/// a `rowsPerThread` × `columnsPerThread` block (4 or 8 each) held in vec4 accumulators. Per step of
/// `depth` along K, A (k-major) and B tiles are staged in workgroup memory; the next step's global
/// loads are issued before the current step's multiply-adds so their latency hides behind the math.
/// Rows of a thread are ty*4..+3 (and tileM/2 + ty*4..+3), columns tx*4..+3 (and tileN/2 + tx*4..+3):
/// vec4 reads of workgroup memory without bank conflicts. The step loop is unrolled here, in Swift, so
/// every accumulator is a named register. The tile shape is chosen per problem (`Shape.choose`): large
/// tiles where the grid is big (batch 64: N = 64 × pixels), small ones where it would leave the GPU idle.
///
/// Callers supply `loadA(z, m, k)`, `loadB(z, k, n)` and `store(z, m, n, v)` for their layout
/// (transposes, im2col, bias, activation and residual epilogues), and optionally a `RegisterGEMM.Linear`
/// description of A or B so the loads become a precomputed offset plus k × step.
enum TiledGEMM {
    /// K per step. 32 (fewer, longer steps) for small grids measured slower on an H100 at batch 1 (the 1x1
    /// convs 3.5 → 5.9 ms summed): the register cost outweighed the shorter chain of steps.
    static let depth = 16
    static let threadColumns = 16

    struct Problem {
        var m: Int
        var n: Int
        var k: Int
        /// Independent problems (matmul batch, conv groups), on the grid's z axis.
        var batches: Int

        var macs: Int { m * n * k * batches }
        /// Multiply-adds from which a GEMM's throughput matters more than its latency (a big GPU does fewer
        /// in microseconds): only such problems take `GEMMTuning.largeTileWorkgroups`'s tiles, so tuning
        /// it for large batches leaves batch-1 grids alone.
        static let throughputMACs = 1 << 26
    }

    struct Shape: Equatable {
        var rowsPerThread: Int
        var columnsPerThread: Int
        var threadRows: Int

        var tileM: Int { rowsPerThread * threadRows }
        var tileN: Int { columnsPerThread * TiledGEMM.threadColumns }
        var threads: Int { threadRows * TiledGEMM.threadColumns }

        func workgroups(_ problem: Problem) -> (Int, Int, Int) {
            ((problem.n + tileN - 1) / tileN, (problem.m + tileM - 1) / tileM, problem.batches)
        }

        /// Workgroups below which small problems shrink their tiles further (latency-bound: parallelism first).
        static let smallTileGrid = 512

        /// The largest tile whose grid has at least `busyGrid` workgroups (enough to keep the GPU busy;
        /// `GEMMTuning.largeTileWorkgroups`); for small problems the smallest tiles that reach `smallTileGrid`,
        /// whatever `busyGrid` is (M of 16 gets 16-row tiles rather than idle rows).
        static func choose(_ problem: Problem, busyGrid: Int = GEMMTuning.standard.largeTileWorkgroups) -> Shape {
            func rows(_ perThread: Int) -> Int {
                var threadRows = 4
                while threadRows < 16 && threadRows * perThread < problem.m { threadRows *= 2 }
                return threadRows
            }
            let candidates = [(8, 8), (4, 8), (8, 4), (4, 4)].map { Shape(rowsPerThread: $0.0, columnsPerThread: $0.1, threadRows: rows($0.0)) }
            for shape in candidates {
                let (x, y, z) = shape.workgroups(problem)
                if x * y * z >= busyGrid && (shape.rowsPerThread == 4 || problem.m >= 128) { return shape }
            }
            // Small problems: the most workgroups (latency-bound, so parallelism first).
            var shape = Shape(rowsPerThread: 4, columnsPerThread: 4, threadRows: rows(4))
            while shape.threadRows > 4 {
                let (x, y, z) = shape.workgroups(problem)
                if x * y * z >= smallTileGrid { break }
                shape.threadRows /= 2
            }
            return shape
        }
    }

    /// - Parameter split: when set, workgroup z = problem × splits + split computes only its chunk of K and
    ///   stores the raw tile into `Partial` (`SplitKGEMM` sums the chunks and runs the caller's `store`).
    static func source(_ problem: Problem, _ shape: Shape, bindings: String, functions: String,
                       linearA: RegisterGEMM.Linear? = nil, linearB: RegisterGEMM.Linear? = nil,
                       split: SplitKGEMM.Split? = nil) -> String {
        let (tm, tn, threads) = (shape.rowsPerThread, shape.columnsPerThread, shape.threads)
        // Chunks are whole steps, so only the last one can be ragged (at K, as without a split).
        let (kStart, kStop) = split == nil ? ("0", "K") : ("kBegin", "kEnd")
        let (tileM, tileN) = (shape.tileM, shape.tileN)
        let aLoads = tileM * depth / threads
        let bLoads = depth * tileN / threads
        let raggedK = problem.k % depth != 0
        var lines: [String] = []
        // A: element e = lane + i × threads of the tile is (row e / depth, k e % depth): lanes walk k.
        for i in 0..<aLoads {
            lines.append("let aRow\(i) = (lane + \(i * threads)) / \(depth);")
            lines.append("let aK\(i) = (lane + \(i * threads)) % \(depth);")
            lines.append("let aM\(i) = m0 + aRow\(i);")
            lines.append("let aIn\(i) = aM\(i) < M;")
            if let linearA {
                let offset = linearA.offset.replacingOccurrences(of: "{i}", with: "min(aM\(i), M - 1)")
                lines.append("let aBase\(i) = \(offset) + aK\(i) * \(linearA.step);")
            }
        }
        // B: element e is (k e / tileN, column e % tileN): lanes walk n.
        for i in 0..<bLoads {
            lines.append("let bK\(i) = (lane + \(i * threads)) / \(tileN);")
            lines.append("let bColumn\(i) = (lane + \(i * threads)) % \(tileN);")
            lines.append("let bN\(i) = n0 + bColumn\(i);")
            lines.append("let bIn\(i) = bN\(i) < N;")
            if let linearB {
                let offset = linearB.offset.replacingOccurrences(of: "{i}", with: "min(bN\(i), N - 1)")
                lines.append("let bBase\(i) = \(offset) + bK\(i) * \(linearB.step);")
            }
        }
        func loadA(_ i: Int, _ k0: String) -> String {
            let k = "\(k0) + aK\(i)"
            let valid = raggedK ? "aIn\(i) && \(k) < K" : "aIn\(i)"
            let value = linearA.map { "\($0.buffer)[aBase\(i) + \(k0) * \($0.step)]" } ?? "loadA(z, aM\(i), \(k))"
            return "if (\(valid)) { aNext\(i) = \(value); } else { aNext\(i) = 0.0; }"
        }
        func loadB(_ i: Int, _ k0: String) -> String {
            let k = "\(k0) + bK\(i)"
            let valid = raggedK ? "bIn\(i) && \(k) < K" : "bIn\(i)"
            let value = linearB.map { "\($0.buffer)[bBase\(i) + \(k0) * \($0.step)]" } ?? "loadB(z, \(k), bN\(i))"
            return "if (\(valid)) { bNext\(i) = \(value); } else { bNext\(i) = 0.0; }"
        }
        for i in 0..<aLoads { lines.append("var aNext\(i) = 0.0;"); lines.append(loadA(i, kStart)) }
        for i in 0..<bLoads { lines.append("var bNext\(i) = 0.0;"); lines.append(loadB(i, kStart)) }
        for r in 0..<tm { for h in 0..<tn / 4 { lines.append("var acc\(r)_\(h) = vec4<f32>(0.0);") } }
        var loop: [String] = []
        for i in 0..<aLoads { loop.append("tileA[aK\(i) * \(tileM / 4) + aRow\(i) / 4][aRow\(i) % 4] = aNext\(i);") }
        for i in 0..<bLoads { loop.append("tileB[bK\(i) * \(tileN / 4) + bColumn\(i) / 4][bColumn\(i) % 4] = bNext\(i);") }
        loop.append("workgroupBarrier();")
        loop.append("if (k0 + \(depth) < \(kStop)) {")
        for i in 0..<aLoads { loop.append("    " + loadA(i, "(k0 + \(depth))")) }
        for i in 0..<bLoads { loop.append("    " + loadB(i, "(k0 + \(depth))")) }
        loop.append("}")
        // Rows/columns of a thread's halves are tile/2 apart: vec4 index offsets of tile/8.
        let (vecA, vecB) = (tileM / 4, tileN / 4)
        for kk in 0..<depth {
            var step = ["{"]
            for half in 0..<tm / 4 {
                step.append("    let a\(half) = tileA[\(kk * vecA + half * vecA / 2) + ty];")
            }
            for half in 0..<tn / 4 {
                step.append("    let b\(half) = tileB[\(kk * vecB + half * vecB / 2) + tx];")
            }
            for r in 0..<tm {
                for h in 0..<tn / 4 {
                    step.append("    acc\(r)_\(h) = fma(vec4<f32>(a\(r / 4)[\(r % 4)]), b\(h), acc\(r)_\(h));")
                }
            }
            step.append("}")
            loop += step
        }
        loop.append("workgroupBarrier();")
        var stores: [String] = []
        for r in 0..<tm {
            stores.append("{")
            stores.append("    let m = m0 + \(r / 4 * tileM / 2 + r % 4) + ty * 4;")
            stores.append("    if (m < M) {")
            for h in 0..<tn / 4 {
                for c in 0..<4 {
                    let value = "acc\(r)_\(h)[\(c)]"
                    let write = split == nil ? "store(z, m, n, \(value));" : "Partial[(i32(group.z) * M + m) * N + n] = \(value);"
                    stores.append("        { let n = n0 + \(h * tileN / 2 + c) + tx * 4; if (n < N) { \(write) } }")
                }
            }
            stores.append("    }")
            stores.append("}")
        }
        return """
        \(bindings)
        \(functions)
        const M = \(problem.m);
        const N = \(problem.n);
        const K = \(problem.k);
        var<workgroup> tileA: array<vec4<f32>, \(depth * tileM / 4)>;
        var<workgroup> tileB: array<vec4<f32>, \(depth * tileN / 4)>;
        \(split.map { "const SPLITS = \($0.count);\nconst CHUNK = \($0.chunk);" } ?? "")

        @compute @workgroup_size(\(threadColumns), \(shape.threadRows))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>,
                @builtin(local_invocation_index) index: u32) {
            \(split == nil ? "let z = i32(group.z);" : "let z = i32(group.z) / SPLITS;")
            \(split == nil ? "" : "let kBegin = (i32(group.z) % SPLITS) * CHUNK;\n    let kEnd = min(K, kBegin + CHUNK);")
            let m0 = i32(group.y) * \(tileM);
            let n0 = i32(group.x) * \(tileN);
            let tx = i32(local.x);
            let ty = i32(local.y);
            let lane = i32(index);
            \(lines.joined(separator: "\n    "))
            for (var k0 = \(kStart); k0 < \(kStop); k0 += \(depth)) {
                \(loop.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
    }

    /// The dispatches for `problem` on the template suited to the adapter (`RegisterGEMM` on CPU adapters;
    /// on GPUs, K split across workgroups when the output tiles alone would leave the GPU idle).
    /// `linearA`/`linearB`: the operands' layout when it is linear in k (direct loads instead of calls).
    static func plan(_ problem: Problem, _ context: KernelContext, bindings: [WGSL.Binding], functions: String,
                     refs: [BindingRef], linearA: RegisterGEMM.Linear? = nil, linearB: RegisterGEMM.Linear? = nil) -> KernelPlan {
        if context.cpuAdapter && RegisterGEMM.fits(problem) {
            let source = RegisterGEMM.source(problem, bindings: WGSL.bindings(bindings), functions: functions, linearA: linearA, linearB: linearB)
            return KernelPlan(dispatches: [Dispatch(source: source, workgroups: RegisterGEMM.workgroups(problem), bindings: refs,
                                                    kind: "register\(RegisterGEMM.rows(problem))x\(RegisterGEMM.columns(problem))")])
        }
        let shape = Shape.choose(problem, busyGrid: problem.macs >= Problem.throughputMACs ? context.gemm.largeTileWorkgroups : Shape.smallTileGrid)
        if let target = context.gemm.splitKWorkgroups,
           let split = SplitKGEMM.Split.choose(problem, shape, target: target, maxBytes: context.maxBindingBytes) {
            return SplitKGEMM.plan(problem, shape, split, bindings: bindings, functions: functions, refs: refs, linearA: linearA, linearB: linearB)
        }
        let source = source(problem, shape, bindings: WGSL.bindings(bindings), functions: functions, linearA: linearA, linearB: linearB)
        return KernelPlan(dispatches: [Dispatch(source: source, workgroups: shape.workgroups(problem), bindings: refs,
                                                kind: "tiled\(shape.tileM)x\(shape.tileN)")])
    }
}
