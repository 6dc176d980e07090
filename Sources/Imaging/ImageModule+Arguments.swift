import JavaScript

// Reading kiln:image's JS arguments on the isolate thread; every problem is a TypeError naming the argument.
extension ImageModule {
    /// A copy of the image bytes (taken on the isolate thread: JS may change its buffer while the pool works).
    static func inputBytes(_ value: JSValue, _ operation: String) throws -> [UInt8] {
        guard value.isBufferSource else {
            throw JSError.typeError("\(operation): expected an ArrayBuffer or typed array holding JPEG or PNG bytes")
        }
        return try value.bytes()
    }

    /// Reads `{width, height, data}` back (from `decode` or built by hand, e.g. from a canvas ImageData).
    static func swiftImage(from value: JSValue) throws -> Image {
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
    static func tensorOptions(_ options: JSValue, _ operation: String) throws -> TensorOptions {
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

    static func positiveInteger(_ object: JSValue, _ key: String) throws -> Int {
        guard let value = try object.get(key).int, value > 0, value <= 1 << 16 else {
            throw JSError.typeError("\(key) must be a positive integer up to 65536")
        }
        return value
    }

    static func triple(_ object: JSValue, _ key: String, _ operation: String, default fallback: Float) throws -> [Float] {
        let value = try object.get(key)
        if value.isUndefined { return [fallback, fallback, fallback] }
        let numbers = try value.toArray().compactMap(\.number)
        guard numbers.count == 3 else { throw JSError.typeError("\(operation): \(key) must be an array of 3 numbers (R, G, B)") }
        return numbers.map { Float($0) }
    }
}
