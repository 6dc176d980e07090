/// The resolved sliding-window geometry of Conv and the pooling ops: kernel, strides, dilations and
/// explicit begin/end pads per spatial axis (auto_pad and ceil_mode already applied), and output sizes.
/// 1-D windows are lifted to 2-D (height 1) so one kernel family serves both.
struct WindowGeometry: Equatable {
    var batch: Int
    var channels: Int
    var input: [Int]
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    var padBegin: [Int]
    var padEnd: [Int]
    var output: [Int]

    /// - Parameters:
    ///   - kernelShape: from the weights (Conv) or the kernel_shape attribute (pools).
    static func resolve(_ context: ShapeContext, x: TensorInfo, kernelShape: [Int], ceilMode: Bool = false) throws -> WindowGeometry {
        let spatial = x.rank - 2
        guard spatial >= 1 else { throw context.invalid("input rank \(x.rank) has no spatial axes") }
        guard spatial <= 2 else { throw context.unsupported("\(spatial)-D windows (Kiln runs 1-D and 2-D)") }
        guard kernelShape.count == spatial else { throw context.invalid("kernel rank \(kernelShape.count) does not match \(spatial) spatial axes") }
        let attributes = context.attributes
        let strides = try attributes.ints("strides") ?? Array(repeating: 1, count: spatial)
        let dilations = try attributes.ints("dilations") ?? Array(repeating: 1, count: spatial)
        var pads = try attributes.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
        guard strides.count == spatial, dilations.count == spatial, pads.count == 2 * spatial else {
            throw context.invalid("strides/dilations/pads do not match \(spatial) spatial axes")
        }
        guard strides.allSatisfy({ $0 > 0 }), dilations.allSatisfy({ $0 > 0 }), kernelShape.allSatisfy({ $0 > 0 }) else {
            throw context.invalid("kernel, strides and dilations must be positive")
        }
        let input = Array(x.shape[2...])
        let autoPad = try attributes.string("auto_pad", default: "NOTSET")
        var output = [Int](repeating: 0, count: spatial)
        for axis in 0..<spatial {
            let extent = (kernelShape[axis] - 1) * dilations[axis] + 1
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                output[axis] = (input[axis] + strides[axis] - 1) / strides[axis]
                let total = max(0, (output[axis] - 1) * strides[axis] + extent - input[axis])
                let small = total / 2
                pads[axis] = autoPad == "SAME_UPPER" ? small : total - small
                pads[axis + spatial] = total - pads[axis]
            case "VALID":
                pads[axis] = 0
                pads[axis + spatial] = 0
                output[axis] = (input[axis] - extent) / strides[axis] + 1
            case "NOTSET":
                let span = input[axis] + pads[axis] + pads[axis + spatial] - extent
                if ceilMode {
                    output[axis] = (span + strides[axis] - 1) / strides[axis] + 1
                    // The last window must start inside the input or the begin padding.
                    if (output[axis] - 1) * strides[axis] >= input[axis] + pads[axis] { output[axis] -= 1 }
                } else {
                    output[axis] = span >= 0 ? span / strides[axis] + 1 : 0
                }
            default:
                throw context.invalid("auto_pad '\(autoPad)'")
            }
            guard output[axis] > 0 else { throw context.invalid("window larger than the padded input on axis \(axis)") }
        }
        var geometry = WindowGeometry(batch: x.shape[0], channels: x.shape[1], input: input, kernel: kernelShape,
                                      strides: strides, dilations: dilations, padBegin: Array(pads[..<spatial]),
                                      padEnd: Array(pads[spatial...]), output: output)
        if spatial == 1 { geometry.liftTo2D() }
        return geometry
    }

    /// The output shape in the caller's rank (1-D windows drop the lifted height again).
    func outputShape(channels: Int, spatialRank: Int) -> [Int] {
        [batch, channels] + (spatialRank == 1 ? [output[1]] : output)
    }

    private mutating func liftTo2D() {
        input = [1] + input
        kernel = [1] + kernel
        strides = [1] + strides
        dilations = [1] + dilations
        padBegin = [0] + padBegin
        padEnd = [0] + padEnd
        output = [1] + output
    }
}
