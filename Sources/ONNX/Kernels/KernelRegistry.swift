/// The registry of kernel builders: op type → builder, one table per family. Every op with a shape
/// rule but no kernel is one the host folds (Shape, Constant...) and never reaches the GPU.
enum KernelRegistry {
    static let table: [String: KernelBuilder] = {
        var table: [String: KernelBuilder] = [:]
        for op in UnaryOps.expressions.keys { table[op] = ElementwiseKernels.unary }
        for op in BinaryOps.arithmetic.keys { table[op] = ElementwiseKernels.binary }
        for op in BinaryOps.comparisons.keys { table[op] = ElementwiseKernels.binary }
        for op in BinaryOps.variadic.keys { table[op] = ElementwiseKernels.variadic }
        for op in ReductionKernels.formulas.keys { table[op] = ReductionKernels.reduce }
        for op in ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity"] { table[op] = LayoutKernels.view }
        let entries: [String: KernelBuilder] = [
            "Where": ElementwiseKernels.whereKernel, "Cast": ElementwiseKernels.cast, "CastLike": ElementwiseKernels.cast,
            "Clip": ElementwiseKernels.clip, "IsNaN": ElementwiseKernels.predicate, "IsInf": ElementwiseKernels.predicate,
            "Dropout": ElementwiseKernels.dropout,
            "Gemm": MatrixKernels.gemm, "MatMul": MatrixKernels.matmul, "Conv": ConvKernels.conv,
            "MaxPool": PoolKernels.pool, "AveragePool": PoolKernels.pool,
            "GlobalAveragePool": PoolKernels.global, "GlobalMaxPool": PoolKernels.global,
            "Softmax": SoftmaxKernels.softmax, "LogSoftmax": SoftmaxKernels.softmax, "Hardmax": SoftmaxKernels.softmax,
            "ArgMax": ReductionKernels.argReduce, "ArgMin": ReductionKernels.argReduce,
            "BatchNormalization": NormalizationKernels.batchNorm, "InstanceNormalization": NormalizationKernels.instanceNorm,
            "LRN": NormalizationKernels.lrn, "LayerNormalization": NormalizationKernels.layerNorm,
            "Trilu": LayoutKernels.trilu,
            "Transpose": LayoutKernels.transpose, "Slice": LayoutKernels.slice, "Expand": LayoutKernels.expand,
            "Tile": LayoutKernels.tile, "Gather": LayoutKernels.gatherOp, "GatherElements": LayoutKernels.gatherElements,
            "Pad": LayoutKernels.pad, "DepthToSpace": LayoutKernels.depthToSpace, "SpaceToDepth": LayoutKernels.spaceToDepth,
            "Concat": LayoutKernels.concat, "Split": LayoutKernels.split,
            "Resize": ResizeKernels.resize, "Upsample": ResizeKernels.resize,
        ]
        table.merge(entries) { _, new in new }
        return table
    }()

    /// Ops whose values the host always computes (see `HostEvaluator`).
    static let hostOnly: Set<String> = ["Shape", "Size", "Constant", "ConstantOfShape", "Range"]

    /// Whether Kiln implements `op` at all (a kernel or host evaluation).
    static func supports(_ op: String) -> Bool { table[op] != nil || hostOnly.contains(op) }
}
