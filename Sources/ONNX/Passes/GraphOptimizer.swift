/// The shape-independent passes, run once when a session is created: constant folding, Conv+BatchNorm
/// fusion, dead-node removal. Shape-dependent passes run per input shapes in `ExecutionPlan.compile`.
public enum GraphOptimizer {
    public static func optimize(_ graph: Graph) throws -> Graph {
        var graph = graph
        try ConstantFolding.run(&graph)
        FuseConvBatchNorm.run(&graph)
        DeadNodeElimination.run(&graph)
        return graph
    }
}
