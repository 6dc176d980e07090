/// The tiled matrix-multiply template behind MatMul, Gemm and Conv (as implicit GEMM).
///
/// Each workgroup of 8×8 threads computes a 32×32 tile of C, each thread a 4×4 block held in four
/// vec4 accumulators; A and B tiles of depth 16 are staged through workgroup memory as vec4s so the
/// inner loop is 16 vec4 multiply-adds per k. Callers supply `loadA(z, m, k)`, `loadB(z, k, n)` and
/// `store(z, m, n, v)` for their layout (transposes, im2col, bias and activation epilogues).
enum TiledGEMM {
    static let tile = 32
    static let depth = 16

    struct Problem {
        var m: Int
        var n: Int
        var k: Int
        /// Independent problems (matmul batch, conv groups), on the grid's z axis.
        var batches: Int
    }

    static func source(_ problem: Problem, bindings: String, functions: String) -> String {
        """
        \(bindings)
        \(functions)
        const M = \(problem.m);
        const N = \(problem.n);
        const K = \(problem.k);
        var<workgroup> tileA: array<vec4<f32>, \(depth * tile / 4)>;
        var<workgroup> tileB: array<vec4<f32>, \(depth * tile / 4)>;

        @compute @workgroup_size(8, 8)
        fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>,
                @builtin(local_invocation_index) lane: u32) {
            let z = i32(group.z);
            let m0 = i32(group.y) * \(tile);
            let n0 = i32(group.x) * \(tile);
            let tx = i32(local.x);
            let ty = i32(local.y);
            var acc0 = vec4<f32>(0.0);
            var acc1 = vec4<f32>(0.0);
            var acc2 = vec4<f32>(0.0);
            var acc3 = vec4<f32>(0.0);
            for (var k0 = 0; k0 < K; k0 += \(depth)) {
                for (var t = 0; t < \(depth * tile / 64); t++) {
                    let e = i32(lane) + t * 64;
                    let kk = e / \(tile);
                    let mm = e % \(tile);
                    let m = m0 + mm;
                    let k = k0 + kk;
                    var a = 0.0;
                    if (m < M && k < K) { a = loadA(z, m, k); }
                    tileA[kk * \(tile / 4) + mm / 4][mm % 4] = a;
                    let n = n0 + mm;
                    var b = 0.0;
                    if (n < N && k < K) { b = loadB(z, k, n); }
                    tileB[kk * \(tile / 4) + mm / 4][mm % 4] = b;
                }
                workgroupBarrier();
                for (var kk = 0; kk < \(depth); kk++) {
                    let a = tileA[kk * \(tile / 4) + ty];
                    let b = tileB[kk * \(tile / 4) + tx];
                    acc0 += a.x * b;
                    acc1 += a.y * b;
                    acc2 += a.z * b;
                    acc3 += a.w * b;
                }
                workgroupBarrier();
            }
            var rows = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
            for (var r = 0; r < 4; r++) {
                let m = m0 + ty * 4 + r;
                if (m >= M) { break; }
                for (var c = 0; c < 4; c++) {
                    let n = n0 + tx * 4 + c;
                    if (n < N) { store(z, m, n, rows[r][c]); }
                }
            }
        }
        """
    }

    /// The dispatch for `problem` on the template suited to the adapter (`RegisterGEMM` on CPU adapters).
    /// `linearA`/`linearB`: the operands' layout when it is linear in k (used by `RegisterGEMM`).
    static func dispatch(_ problem: Problem, _ context: KernelContext, bindings: String, functions: String,
                         refs: [BindingRef], linearA: RegisterGEMM.Linear? = nil, linearB: RegisterGEMM.Linear? = nil) -> Dispatch {
        if context.cpuAdapter && RegisterGEMM.fits(problem) {
            return Dispatch(source: RegisterGEMM.source(problem, bindings: bindings, functions: functions, linearA: linearA, linearB: linearB),
                            workgroups: RegisterGEMM.workgroups(problem), bindings: refs, kind: "register\(RegisterGEMM.rows(problem))x\(RegisterGEMM.columns(problem))")
        }
        return Dispatch(source: source(problem, bindings: bindings, functions: functions), workgroups: workgroups(problem), bindings: refs, kind: "tiled\(tile)")
    }

    static func workgroups(_ problem: Problem) -> (Int, Int, Int) {
        ((problem.n + tile - 1) / tile, (problem.m + tile - 1) / tile, problem.batches)
    }
}
