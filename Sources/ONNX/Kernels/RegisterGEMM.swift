/// The matrix-multiply template for CPU adapters (lavapipe), same `loadA`/`loadB`/`store` contract as
/// `TiledGEMM`.
///
/// A CPU "GPU" runs a workgroup's invocations as SIMD lanes of one core, and every storage or workgroup
/// memory load whose address is not a constant becomes a per-lane scalar loop: loads, not arithmetic,
/// are the cost. So there is no workgroup memory (nor barriers); each invocation keeps a rows×columns
/// block of C in registers (16×8, measured best of 8×8 to 32×8 on lavapipe) and loads rows + columns values
/// per step of k for rows × columns multiply-adds.
enum RegisterGEMM {
    /// An operand whose element k of row (A) or column (B) `i` is `buffer[offset(i) + k * step]`: the template
    /// then computes each row's/column's offset once and steps it, instead of calling `loadA`/`loadB`
    /// (whose index arithmetic, divisions included, would run for every k).
    struct Linear {
        var buffer: String
        /// A WGSL expression of `z` and `i`.
        var offset: String
        var step: Int
    }

    static let maxRows = 16
    static let maxColumns = 8

    static func rows(_ problem: TiledGEMM.Problem) -> Int { min(maxRows, problem.m) }
    static func columns(_ problem: TiledGEMM.Problem) -> Int { min(maxColumns, problem.n) }
    /// Invocations per workgroup: up to 64, fewer when the columns need fewer (idle lanes still cost).
    static func lanes(_ problem: TiledGEMM.Problem) -> Int {
        min(64, ((problem.n + columns(problem) - 1) / columns(problem) + 7) / 8 * 8)
    }

    /// Whether the template fits: grid and loop limits (WGSL loops are capped at 65,535 iterations on some drivers).
    static func fits(_ problem: TiledGEMM.Problem) -> Bool {
        let groups = workgroups(problem)
        return groups.0 <= 65535 && groups.1 <= 65535 && groups.2 <= 65535 && problem.k < 65535
    }

    static func source(_ problem: TiledGEMM.Problem, bindings: String, functions: String,
                       linearA: Linear? = nil, linearB: Linear? = nil) -> String {
        let (rows, columns) = (rows(problem), columns(problem))
        let raggedM = problem.m % rows != 0
        let raggedN = problem.n % columns != 0
        let rowIndex = (0..<rows).map { raggedM ? "min(m0 + \($0), M - 1)" : "m0 + \($0)" }
        let columnIndex = (0..<columns).map { raggedN ? "min(n0 + \($0), N - 1)" : "n0 + \($0)" }
        var accumulators: [String] = []
        var body: [String] = []
        func operand(_ name: String, _ count: Int, _ index: [String], _ linear: Linear?, _ load: (String) -> String) {
            for i in 0..<count {
                if let linear {
                    accumulators.append("var \(name)o\(i) = \(linear.offset.replacingOccurrences(of: "{i}", with: "(\(index[i]))"));")
                    body.append("let \(name)\(i) = \(linear.buffer)[\(name)o\(i)]; \(name)o\(i) += \(linear.step);")
                } else {
                    body.append("let \(name)\(i) = \(load(index[i]));")
                }
            }
        }
        operand("a", rows, rowIndex, linearA) { "loadA(z, \($0), k)" }
        operand("b", columns, columnIndex, linearB) { "loadB(z, k, \($0))" }
        var stores: [String] = []
        for r in 0..<rows {
            for c in 0..<columns {
                accumulators.append("var c\(r)_\(c) = 0.0;")
                body.append("c\(r)_\(c) += a\(r) * b\(c);")
                var guards: [String] = []
                if raggedM { guards.append("m0 + \(r) < M") }
                if raggedN { guards.append("n0 + \(c) < N") }
                let store = "store(z, m0 + \(r), n0 + \(c), c\(r)_\(c));"
                stores.append(guards.isEmpty ? store : "if (\(guards.joined(separator: " && "))) { \(store) }")
            }
        }
        return """
        \(bindings)
        \(functions)
        const M = \(problem.m);
        const N = \(problem.n);
        const K = \(problem.k);

        @compute @workgroup_size(\(lanes(problem)))
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(global_invocation_id) gid: vec3<u32>) {
            let z = i32(group.z);
            let m0 = i32(group.y) * \(rows);
            let n0 = i32(gid.x) * \(columns);
            if (n0 >= N) { return; }
            \(accumulators.joined(separator: "\n    "))
            for (var k = 0; k < K; k++) {
                \(body.joined(separator: "\n        "))
            }
            \(stores.joined(separator: "\n    "))
        }
        """
    }

    static func workgroups(_ problem: TiledGEMM.Problem) -> (Int, Int, Int) {
        let invocations = (problem.n + columns(problem) - 1) / columns(problem)
        return ((invocations + lanes(problem) - 1) / lanes(problem), (problem.m + rows(problem) - 1) / rows(problem), problem.batches)
    }
}
