import JavaScript

/// The `kiln:image` module. Every function returns a Promise; the pixel work runs on a native thread pool
/// (`ImageWork`), never on the isolate's thread:
/// - `decode(bytes)` → `{width, height, data}`: RGBA in a Uint8ClampedArray, as ImageData holds it.
/// - `toTensor(image, {width, height, mean, std, layout, filter})` → Float32Array: resize to fill,
///   center-crop, `(value/255 - mean) / std` per channel, "NCHW" (default) or "NHWC".
/// - `decodeToTensor(bytes, options)` → Float32Array: both in one step, without the RGBA image crossing
///   into JS, and JPEGs much larger than the tensor decoded at reduced scale (see `ImageDecoder.decodeTensor`).
/// Rejections: RangeError above the pixel limit (a decompression bomb), TypeError for bad arguments, Error
/// for data that is not a readable JPEG/PNG. Results are handed to JS without copying.
/// The module loader installs `makeExports(in:)` under `specifier`.
public enum ImageModule {
    public static let specifier = "kiln:image"

    /// The module namespace object, built in `context` (call on the isolate thread).
    public static func makeExports(in context: JSContext, decoder: ImageDecoder = ImageDecoder()) throws -> JSValue {
        let decode = asyncFunction(context, "decode", length: 1) { ctx, args in
            let bytes = try inputBytes(args[0], "decode")
            return try ImageWork.promise(in: ctx, operation: "decode", {
                let image = try decoder.decode(bytes)
                let pixels = NativeBuffer<UInt8>(count: image.pixels.count)
                _ = pixels.buffer.initialize(from: image.pixels)
                return (image.width, image.height, pixels)
            }, then: { ctx, result in
                let (width, height, pixels) = result
                let buffer = try pixels.arrayBuffer(in: ctx, count: width * height * 4)
                let data = try ctx.typedArray(kJSTypedArrayTypeUint8ClampedArray, buffer: buffer)
                return try ctx.object(["width": ctx.number(width), "height": ctx.number(height), "data": data])
            })
        }
        let toTensor = asyncFunction(context, "toTensor", length: 2) { ctx, args in
            let image = try swiftImage(from: args[0])
            let options = try tensorOptions(args[1], "toTensor")
            return try ImageWork.promise(in: ctx, operation: "toTensor", {
                let tensor = NativeBuffer<Float>(count: options.count)
                try image.writeTensor(options, into: tensor.buffer)
                return tensor
            }, then: { ctx, tensor in try float32Array(tensor, count: options.count, in: ctx) })
        }
        let decodeToTensor = asyncFunction(context, "decodeToTensor", length: 2) { ctx, args in
            let bytes = try inputBytes(args[0], "decodeToTensor")
            let options = try tensorOptions(args[1], "decodeToTensor")
            return try ImageWork.promise(in: ctx, operation: "decodeToTensor", {
                let image = try decoder.decode(bytes, minimumSide: max(options.width, options.height))
                let tensor = NativeBuffer<Float>(count: options.count)
                try image.writeTensor(options, into: tensor.buffer)
                return tensor
            }, then: { ctx, tensor in try float32Array(tensor, count: options.count, in: ctx) })
        }
        return try context.object(["decode": decode, "toTensor": toTensor, "decodeToTensor": decodeToTensor])
    }

    /// A native function returning a promise; an argument error thrown while reading `args` (on the isolate
    /// thread) becomes a rejected promise, so callers handle every failure with one `await`/`catch`.
    private static func asyncFunction(_ context: JSContext, _ name: String, length: Int,
                                      _ body: @escaping (JSContext, JSArguments) throws -> JSValue) -> JSValue {
        context.function(name, length: length) { ctx, _, args in
            do { return try body(ctx, args) } catch { return try ctx.rejectedPromise(error) }
        }
    }

    /// A copy of the image bytes (taken on the isolate thread: JS may change its buffer while the pool works).
    private static func inputBytes(_ value: JSValue, _ operation: String) throws -> [UInt8] {
        guard value.isBufferSource else {
            throw JSError.typeError("\(operation): expected an ArrayBuffer or typed array holding JPEG or PNG bytes")
        }
        return try value.bytes()
    }

    private static func float32Array(_ tensor: NativeBuffer<Float>, count: Int, in context: JSContext) throws -> JSValue {
        try context.typedArray(kJSTypedArrayTypeFloat32Array, buffer: tensor.arrayBuffer(in: context, count: count))
    }

    /// Reads `{width, height, data}` back (from `decode` or built by hand, e.g. from a canvas ImageData).
    private static func swiftImage(from value: JSValue) throws -> Image {
        guard value.isObject else { throw JSError.typeError("toTensor: expected an image {width, height, data}") }
        let width = try positiveInteger(value, "width"), height = try positiveInteger(value, "height")
        let data = try value.get("data")
        guard data.isBufferSource else { throw JSError.typeError("toTensor: image.data must be a Uint8Array of RGBA bytes") }
        let pixels = try data.bytes()
        guard pixels.count == width * height * 4 else {
            throw JSError.typeError("toTensor: image.data holds \(pixels.count) bytes, expected \(width)x\(height)x4 = \(width * height * 4)")
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// `{width, height, mean?, std?, layout?, filter?}`, checked before any work is queued.
    private static func tensorOptions(_ options: JSValue, _ operation: String) throws -> TensorOptions {
        guard options.isObject else {
            throw JSError.typeError("\(operation): expected options {width, height, mean?, std?, layout?, filter?}")
        }
        let width = try positiveInteger(options, "width"), height = try positiveInteger(options, "height")
        let mean = try triple(options, "mean", operation, default: 0), std = try triple(options, "std", operation, default: 1)
        let layoutValue = try options.get("layout")
        let layoutName = layoutValue.isUndefined ? "NCHW" : try layoutValue.toString()
        guard let layout = TensorLayout(rawValue: layoutName.uppercased()) else {
            throw JSError.typeError("\(operation): layout must be \"NCHW\" or \"NHWC\", got \"\(layoutName)\"")
        }
        let filterValue = try options.get("filter")
        let filterName = filterValue.isUndefined ? "bilinear" : try filterValue.toString()
        guard let filter = ResizeFilter(rawValue: filterName) else {
            throw JSError.typeError("\(operation): filter must be \"bilinear\" or \"area\", got \"\(filterName)\"")
        }
        do {
            return try TensorOptions(width: width, height: height, mean: mean, std: std, layout: layout, filter: filter)
        } catch let error as ImageError {
            throw ImageWork.jsError(for: error, operation: operation)
        }
    }

    private static func positiveInteger(_ object: JSValue, _ key: String) throws -> Int {
        guard let value = try object.get(key).int, value > 0, value <= 1 << 16 else {
            throw JSError.typeError("\(key) must be a positive integer up to 65536")
        }
        return value
    }

    private static func triple(_ object: JSValue, _ key: String, _ operation: String, default fallback: Float) throws -> [Float] {
        let value = try object.get(key)
        if value.isUndefined { return [fallback, fallback, fallback] }
        let numbers = try value.toArray().compactMap(\.number)
        guard numbers.count == 3 else { throw JSError.typeError("\(operation): \(key) must be an array of 3 numbers (R, G, B)") }
        return numbers.map { Float($0) }
    }
}
