/// Memory order of a tensor made from an image: channels first ([1, 3, H, W]) or last ([1, H, W, 3]).
public enum TensorLayout: String, Sendable {
    case nchw = "NCHW"
    case nhwc = "NHWC"
}

/// How an image becomes a model input: the size it is resized and center-cropped to, the per-channel
/// normalization `(value/255 - mean) / std`, the memory layout and the resampling filter.
public struct TensorOptions: Sendable {
    public var width: Int
    public var height: Int
    public var mean: [Float]
    public var std: [Float]
    public var layout: TensorLayout
    public var filter: ResizeFilter

    /// Checks the values: sizes positive, 3 finite means, 3 finite non-zero stds.
    public init(width: Int, height: Int, mean: [Float] = [0, 0, 0], std: [Float] = [1, 1, 1],
                layout: TensorLayout = .nchw, filter: ResizeFilter = .bilinear) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidArgument("tensor size must be positive, got \(width)x\(height)")
        }
        guard mean.count == 3, std.count == 3 else {
            throw ImageError.invalidArgument("mean and std need 3 values (R, G, B), got \(mean.count) and \(std.count)")
        }
        guard std.allSatisfy({ $0 != 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
            throw ImageError.invalidArgument("std values must be finite and non-zero, mean values finite")
        }
        self.width = width
        self.height = height
        self.mean = mean
        self.std = std
        self.layout = layout
        self.filter = filter
    }

    /// Values in the tensor: 3 × width × height.
    public var count: Int { 3 * width * height }
}
