extension Image {
    /// The RGB channels as a float tensor for a model input of `width` × `height`: the image is resized to
    /// fill that size and center-cropped when it differs, each channel becomes `(value/255 - mean) / std`,
    /// alpha is dropped.
    public func toTensor(width: Int, height: Int, mean: [Float] = [0, 0, 0], std: [Float] = [1, 1, 1],
                         layout: TensorLayout = .nchw, filter: ResizeFilter = .bilinear) throws -> [Float] {
        try toTensor(TensorOptions(width: width, height: height, mean: mean, std: std, layout: layout, filter: filter))
    }

    public func toTensor(_ options: TensorOptions) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: options.count) { buffer, count in
            try writeTensor(options, into: buffer)
            count = options.count
        }
    }

    /// Writes the tensor of `toTensor` into `target` (`options.count` floats), e.g. memory a JS
    /// Float32Array then takes over without a copy.
    public func writeTensor(_ options: TensorOptions, into target: UnsafeMutableBufferPointer<Float>) throws {
        precondition(target.count >= options.count, "tensor buffer too small")
        let width = options.width, height = options.height
        let fitted = (width == self.width && height == self.height)
            ? self : try resizedToFill(width: width, height: height, filter: options.filter)
        let scale = options.std.map { 1 / (255 * $0) }
        let offset = zip(options.mean, options.std).map { -$0 / $1 }
        let plane = width * height
        fitted.pixels.withUnsafeBufferPointer { source in
            for channel in 0..<3 {
                let channelScale = scale[channel], channelOffset = offset[channel]
                let (base, stride) = options.layout == .nchw ? (channel * plane, 1) : (channel, 3)
                for index in 0..<plane {
                    target[base + index * stride] = Float(source[index * 4 + channel]) * channelScale + channelOffset
                }
            }
        }
    }
}
