/// The registry of shape rules, one table per op family. An op absent here is unsupported.
enum ShapeRules {
    static let table: [String: ShapeRule] = {
        var table: [String: ShapeRule] = [:]
        for family in [ElementwiseShapes.rules, MatrixShapes.rules, WindowShapes.rules, LayoutShapes.rules,
                       ReductionShapes.rules, GeneratorShapes.rules, ResizeShapes.rules] {
            table.merge(family) { first, _ in first }
        }
        return table
    }()
}
