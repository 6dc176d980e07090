import JavaScript

/// The `kiln:image` module: `decode(bytes)` → `{width, height, data}` (RGBA in a Uint8ClampedArray, as
/// ImageData holds it) and `toTensor(image, {width, height, mean, std, layout, filter})` → Float32Array.
/// The module loader installs `makeExports(in:)` under `specifier`.
public enum ImageModule {
    public static let specifier = "kiln:image"

    /// The module namespace object, built in `context` (call on the isolate thread).
    public static func makeExports(in context: JSContext, decoder: ImageDecoder = ImageDecoder()) throws -> JSValue {
        let decode = context.function("decode", length: 1) { ctx, _, args in
            guard args[0].isBufferSource else {
                throw JSError.typeError("decode: expected an ArrayBuffer or typed array holding JPEG or PNG bytes")
            }
            let image: Image
            do {
                image = try decoder.decode(try args[0].bytes())
            } catch let error as ImageError {
                throw jsError(for: error, operation: "decode")
            }
            return try jsImage(image, in: ctx)
        }
        let toTensor = context.function("toTensor", length: 2) { ctx, _, args in
            let image = try swiftImage(from: args[0])
            let options = args[1]
            guard options.isObject else {
                throw JSError.typeError("toTensor: expected options {width, height, mean?, std?, layout?}")
            }
            let width = try positiveInteger(options, "width"), height = try positiveInteger(options, "height")
            let mean = try triple(options, "mean", default: 0), std = try triple(options, "std", default: 1)
            let layoutValue = try options.get("layout")
            let layoutName = layoutValue.isUndefined ? "NCHW" : try layoutValue.toString()
            guard let layout = TensorLayout(rawValue: layoutName.uppercased()) else {
                throw JSError.typeError("toTensor: layout must be \"NCHW\" or \"NHWC\", got \"\(layoutName)\"")
            }
            let filterValue = try options.get("filter")
            let filterName = filterValue.isUndefined ? "bilinear" : try filterValue.toString()
            guard let filter = ResizeFilter(rawValue: filterName) else {
                throw JSError.typeError("toTensor: filter must be \"bilinear\" or \"area\", got \"\(filterName)\"")
            }
            let tensor: [Float]
            do {
                tensor = try image.toTensor(width: width, height: height, mean: mean, std: std, layout: layout, filter: filter)
            } catch let error as ImageError {
                throw jsError(for: error, operation: "toTensor")
            }
            let buffer = try tensor.withUnsafeBytes { try ctx.arrayBuffer(copying: $0) }
            return try ctx.typedArray(kJSTypedArrayTypeFloat32Array, buffer: buffer)
        }
        return try context.object(["decode": decode, "toTensor": toTensor])
    }

    private static func jsImage(_ image: Image, in context: JSContext) throws -> JSValue {
        let buffer = try image.pixels.withUnsafeBytes { try context.arrayBuffer(copying: $0) }
        let data = try context.typedArray(kJSTypedArrayTypeUint8ClampedArray, buffer: buffer)
        return try context.object(["width": context.number(image.width), "height": context.number(image.height), "data": data])
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

    private static func positiveInteger(_ object: JSValue, _ key: String) throws -> Int {
        guard let value = try object.get(key).int, value > 0, value <= 1 << 16 else {
            throw JSError.typeError("\(key) must be a positive integer up to 65536")
        }
        return value
    }

    private static func triple(_ object: JSValue, _ key: String, default fallback: Float) throws -> [Float] {
        let value = try object.get(key)
        if value.isUndefined { return [fallback, fallback, fallback] }
        let numbers = try value.toArray().compactMap(\.number)
        guard numbers.count == 3 else { throw JSError.typeError("toTensor: \(key) must be an array of 3 numbers (R, G, B)") }
        return numbers.map { Float($0) }
    }

    /// Decompression bombs are RangeErrors (a limit), argument problems TypeErrors, bad data plain Errors.
    private static func jsError(for error: ImageError, operation: String) -> JSError {
        let message = "\(operation): \(error.description)"
        switch error {
        case .tooLarge: return .rangeError(message)
        case .invalidArgument: return .typeError(message)
        default: return .error(message)
        }
    }
}
