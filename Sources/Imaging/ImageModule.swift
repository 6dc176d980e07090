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

    private static func float32Array(_ tensor: NativeBuffer<Float>, count: Int, in context: JSContext) throws -> JSValue {
        try context.typedArray(kJSTypedArrayTypeFloat32Array, buffer: tensor.arrayBuffer(in: context, count: count))
    }
}
