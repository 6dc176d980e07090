/// Split-K for `TiledGEMM` on GPUs: when a problem's output tiles are too few to occupy the GPU (at batch 1,
/// a 1×1 conv on a 7×7 map has N = 49 and ~12 tiles, each looping over K up to 1152), K is cut into chunks
/// and every (tile, chunk) pair gets a workgroup of its own.
///
/// Two passes, because WGSL has no f32 atomics: the tiled template writes each chunk's raw tile to a
/// scratch buffer `Partial` ([problem][chunk][m][n]), then a pass with one invocation per output sums the
/// chunks in order and runs the caller's `store` (bias, alpha/beta, fused activation, residual) once.
/// Both passes declare the caller's bindings plus `Partial` and bind all of them; each uses only part of
/// them (the first loads, the second stores), so their pipelines take an explicit layout.
enum SplitKGEMM {
    struct Split: Equatable {
        /// Chunks of K.
        var count: Int
        /// K per chunk (whole `TiledGEMM.depth` steps).
        var chunk: Int

        /// Steps of K a chunk keeps at least: fewer would spend more on the partial tile's store and the
        /// second pass than the shorter loop saves.
        static let minimumSteps = 4
        /// Shorter K is not split at all: its loop is short already, and the second pass is one more
        /// dispatch (EfficientNet-Lite0 at batch 1 splits only its 1×1 convs with K of 320 to 1152 and the classifier).
        static let minimumK = 256

        /// The split that brings a grid of fewer than `target` workgroups up to about `target`, or nil
        /// when the grid is big enough already or K too short to be worth cutting. The partial sums
        /// (`count` × the output) must fit in one binding of `maxBytes`.
        static func choose(_ problem: TiledGEMM.Problem, _ shape: TiledGEMM.Shape, target: Int, maxBytes: Int = 128 << 20) -> Split? {
            let (x, y, z) = shape.workgroups(problem)
            let grid = x * y * z
            guard grid > 0, grid < target, problem.k >= minimumK else { return nil }
            let steps = (problem.k + TiledGEMM.depth - 1) / TiledGEMM.depth
            let outputBytes = problem.batches * problem.m * problem.n * 4
            // Chunks ride on the grid's z axis next to the problems (at most 65,535 per dimension).
            let wanted = min((target + grid - 1) / grid, steps / minimumSteps, maxBytes / max(outputBytes, 1), 65535 / z)
            guard wanted >= 2 else { return nil }
            // Equal whole-step chunks; recount so that no chunk is empty.
            let chunkSteps = (steps + wanted - 1) / wanted
            let count = (steps + chunkSteps - 1) / chunkSteps
            return count >= 2 ? Split(count: count, chunk: chunkSteps * TiledGEMM.depth) : nil
        }
    }

    static func plan(_ problem: TiledGEMM.Problem, _ shape: TiledGEMM.Shape, _ split: Split, bindings: [WGSL.Binding],
                     functions: String, refs: [BindingRef], linearA: RegisterGEMM.Linear?, linearB: RegisterGEMM.Linear?) -> KernelPlan {
        let all = bindings + [WGSL.Binding(name: "Partial", type: "f32", writable: true)]
        let declarations = WGSL.bindings(all)
        let layout = all.map(\.writable)
        let scratchRefs = refs + [.scratch(0)]
        let (x, y, z) = shape.workgroups(problem)
        let partial = Dispatch(
            source: TiledGEMM.source(problem, shape, bindings: declarations, functions: functions, linearA: linearA, linearB: linearB, split: split),
            workgroups: (x, y, z * split.count), bindings: scratchRefs,
            kind: "tiled\(shape.tileM)x\(shape.tileN)-splitK", explicitLayout: layout)
        let outputs = problem.batches * problem.m * problem.n
        let groups = (outputs + WGSL.workgroupSize - 1) / WGSL.workgroupSize
        let columns = min(groups, WGSL.maxGroupsX)
        let reduce = Dispatch(source: """
            \(declarations)
            \(functions)
            const M = \(problem.m);
            const N = \(problem.n);

            @compute @workgroup_size(\(WGSL.workgroupSize))
            fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
                let i = i32(gid.x + gid.y * \(columns * WGSL.workgroupSize)u);
                if (i >= \(outputs)) { return; }
                let z = i / (M * N);
                let r = i % (M * N);
                // Chunk c of this output is M × N further on; summed in order, so results are deterministic.
                let first = z * \(split.count * problem.m * problem.n) + r;
                var sum = 0.0;
                for (var c = 0; c < \(split.count); c++) { sum += Partial[first + c * M * N]; }
                store(z, r / N, r % N, sum);
            }
            """,
            workgroups: (columns, (groups + columns - 1) / columns, 1), bindings: scratchRefs,
            kind: "splitK-sum", explicitLayout: layout)
        return KernelPlan(dispatches: [partial, reduce], scratchBytes: [problem.batches * split.count * problem.m * problem.n * 4])
    }
}
