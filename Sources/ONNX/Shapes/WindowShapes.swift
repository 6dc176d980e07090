/// Shape rules of Conv and the pooling ops.
enum WindowShapes {
    static let conv: ShapeRule = { context in
        let (x, w) = (try context.input(0), try context.input(1))
        guard w.rank == x.rank else { throw context.invalid("weights rank \(w.rank) differs from input rank \(x.rank)") }
        let group = try context.attributes.int("group", default: 1)
        guard group > 0, x.shape[1] == w.shape[1] * group, w.shape[0] % group == 0 else {
            throw context.invalid("input channels \(x.shape[1]) do not match weights \(w.shape) with group \(group)")
        }
        let kernel = try context.attributes.ints("kernel_shape") ?? Array(w.shape[2...])
        let geometry = try WindowGeometry.resolve(context, x: x, kernelShape: kernel)
        return [TensorInfo(x.type, geometry.outputShape(channels: w.shape[0], spatialRank: x.rank - 2))]
    }

    static let pool: ShapeRule = { context in
        let x = try context.input(0)
        guard let kernel = try context.attributes.ints("kernel_shape") else { throw context.invalid("kernel_shape is required") }
        let ceil = try context.attributes.int("ceil_mode", default: 0) != 0
        let geometry = try WindowGeometry.resolve(context, x: x, kernelShape: kernel, ceilMode: ceil)
        let shape = geometry.outputShape(channels: x.shape[1], spatialRank: x.rank - 2)
        if context.node.outputs.count > 1 && !(context.node.outputs.last?.isEmpty ?? true) {
            throw context.unsupported("the Indices output of MaxPool")
        }
        return [TensorInfo(x.type, shape)]
    }

    static let global: ShapeRule = { context in
        let x = try context.input(0)
        guard x.rank >= 3 else { throw context.invalid("input rank \(x.rank) has no spatial axes") }
        return [TensorInfo(x.type, [x.shape[0], x.shape[1]] + Array(repeating: 1, count: x.rank - 2))]
    }

    static let rules: [String: ShapeRule] = [
        "Conv": conv, "MaxPool": pool, "AveragePool": pool,
        "GlobalAveragePool": global, "GlobalMaxPool": global,
    ]
}
