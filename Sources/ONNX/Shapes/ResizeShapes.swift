/// Resize and Upsample: resolved output sizes, per-axis scales and sampling modes.
struct ResizeParameters: Equatable {
    var outputShape: [Int]
    var scales: [Float]
    var mode: String
    var coordinateMode: String
    var nearestMode: String
    var cubicA: Float
    var excludeOutside: Bool

    static func resolve(_ context: ShapeContext) throws -> ResizeParameters {
        let x = try context.input(0)
        let isUpsample = context.node.opType == "Upsample"
        var scales: [Float]?
        var sizes: [Int]?
        if isUpsample {
            scales = context.opset < 9 ? try context.attributes.floats("scales") : try context.constant(1)?.floats
        } else if context.opset < 11 {
            scales = try context.constant(1)?.floats
        } else {
            if let given = try context.constant(2), given.count > 0 { scales = given.floats }
            if let given = try context.constant(3), given.count > 0 { sizes = given.int64s.map(LayoutParameters.clampToInt) }
        }
        if context.attributes.values["axes"] != nil || context.attributes.values["keep_aspect_ratio_policy"] != nil {
            throw context.unsupported("axes and keep_aspect_ratio_policy")
        }
        let outputShape: [Int]
        if let sizes {
            guard sizes.count == x.rank else { throw context.invalid("sizes \(sizes) for rank \(x.rank)") }
            outputShape = sizes
            scales = zip(sizes, x.shape).map { Float($0) / Float(max($1, 1)) }
        } else if let given = scales {
            guard given.count == x.rank else { throw context.invalid("scales \(given) for rank \(x.rank)") }
            outputShape = zip(x.shape, given).map { Int((Float($0) * $1).rounded(.down)) }
        } else {
            throw context.invalid("neither scales nor sizes given")
        }
        let legacyDefault = isUpsample || context.opset < 11
        var mode = try context.attributes.string("mode", default: "nearest")
        if mode == "bilinear" { mode = "linear" }
        let coordinateMode = legacyDefault ? "asymmetric" : try context.attributes.string("coordinate_transformation_mode", default: "half_pixel")
        let supported = ["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel", "half_pixel_symmetric"]
        guard ["nearest", "linear", "cubic"].contains(mode) else { throw context.invalid("mode '\(mode)'") }
        guard supported.contains(coordinateMode) else { throw context.unsupported("coordinate_transformation_mode '\(coordinateMode)'") }
        return ResizeParameters(outputShape: outputShape, scales: scales ?? [],
                                mode: mode, coordinateMode: coordinateMode,
                                nearestMode: legacyDefault ? "floor" : try context.attributes.string("nearest_mode", default: "round_prefer_floor"),
                                cubicA: try context.attributes.float("cubic_coeff_a", default: -0.75),
                                excludeOutside: try context.attributes.int("exclude_outside", default: 0) != 0)
    }
}

enum ResizeShapes {
    static let resize: ShapeRule = { context in
        [TensorInfo(try context.input(0).type, try ResizeParameters.resolve(context).outputShape)]
    }

    static let rules: [String: ShapeRule] = ["Resize": resize, "Upsample": resize]
}
