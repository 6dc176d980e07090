/// Shape rules of Gemm and MatMul.
enum MatrixShapes {
    static let gemm: ShapeRule = { context in
        let (a, b) = (try context.input(0), try context.input(1))
        guard a.rank == 2, b.rank == 2 else { throw context.invalid("Gemm needs 2-D A and B, got \(a.shape) and \(b.shape)") }
        let transA = try context.attributes.int("transA", default: 0) != 0
        let transB = try context.attributes.int("transB", default: 0) != 0
        let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else { throw context.invalid("inner dimensions \(k) and \(kb) differ") }
        if context.hasInput(2), broadcastShapes([try context.input(2).shape, [m, n]]) != [m, n] {
            throw context.invalid("C \(try context.input(2).shape) does not broadcast to [\(m), \(n)]")
        }
        return [TensorInfo(a.type, [m, n])]
    }

    /// MatMul follows numpy.matmul: 1-D operands are promoted and the promoted axis dropped again.
    static let matmul: ShapeRule = { context in
        let (a, b) = (try context.input(0), try context.input(1))
        guard a.rank >= 1, b.rank >= 1 else { throw context.invalid("MatMul operands must have rank >= 1") }
        let aShape = a.rank == 1 ? [1] + a.shape : a.shape
        let bShape = b.rank == 1 ? b.shape + [1] : b.shape
        guard aShape[aShape.count - 1] == bShape[bShape.count - 2] else {
            throw context.invalid("inner dimensions of \(a.shape) and \(b.shape) differ")
        }
        guard let batch = broadcastShapes([Array(aShape.dropLast(2)), Array(bShape.dropLast(2))]) else {
            throw context.invalid("batch dimensions of \(a.shape) and \(b.shape) do not broadcast")
        }
        var shape = batch + [aShape[aShape.count - 2], bShape[bShape.count - 1]]
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return [TensorInfo(a.type, shape)]
    }

    static let rules: [String: ShapeRule] = ["Gemm": gemm, "MatMul": matmul]
}
