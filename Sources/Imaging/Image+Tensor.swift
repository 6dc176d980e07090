/// Memory order of a tensor made from an image: channels first ([1, 3, H, W]) or last ([1, H, W, 3]).
public enum TensorLayout: String, Sendable {
    case nchw = "NCHW"
    case nhwc = "NHWC"
}

extension Image {
    /// The RGB channels as a float tensor for a model input of `width` × `height`: the image is resized to
    /// fill that size and center-cropped when it differs, each channel becomes `(value/255 - mean) / std`,
    /// alpha is dropped.
    public func toTensor(width: Int, height: Int, mean: [Float] = [0, 0, 0], std: [Float] = [1, 1, 1],
                         layout: TensorLayout = .nchw, filter: ResizeFilter = .bilinear) throws -> [Float] {
        guard mean.count == 3, std.count == 3 else {
            throw ImageError.invalidArgument("mean and std need 3 values (R, G, B), got \(mean.count) and \(std.count)")
        }
        guard std.allSatisfy({ $0 != 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
            throw ImageError.invalidArgument("std values must be finite and non-zero, mean values finite")
        }
        let fitted = (width == self.width && height == self.height) ? self : try resizedToFill(width: width, height: height, filter: filter)
        let scale = std.map { 1 / (255 * $0) }
        let offset = zip(mean, std).map { -$0 / $1 }
        let plane = width * height
        var tensor = [Float](repeating: 0, count: plane * 3)
        fitted.pixels.withUnsafeBufferPointer { source in
            tensor.withUnsafeMutableBufferPointer { target in
                for index in 0..<plane {
                    for channel in 0..<3 {
                        let value = Float(source[index * 4 + channel]) * scale[channel] + offset[channel]
                        target[layout == .nchw ? channel * plane + index : index * 3 + channel] = value
                    }
                }
            }
        }
        return tensor
    }
}
