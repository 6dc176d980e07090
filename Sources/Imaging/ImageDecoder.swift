import CImageShim

/// Decodes JPEG (baseline, progressive, grayscale, CMYK; EXIF orientation applied) and PNG (every color
/// type and bit depth, palette, alpha, interlaced) into RGBA with libjpeg-turbo and libpng.
public struct ImageDecoder: Sendable {
    /// Images with more pixels are refused before any pixel memory is allocated. The default (64 Mpx,
    /// 256 MiB of RGBA) takes any camera photo and refuses decompression bombs.
    public var maximumPixels: Int

    public static let defaultMaximumPixels = 64 * 1024 * 1024

    public init(maximumPixels: Int = ImageDecoder.defaultMaximumPixels) {
        self.maximumPixels = maximumPixels
    }

    public enum Format: String, Sendable { case jpeg, png }

    /// The format the leading bytes announce, or nil.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }

    public func decode(_ bytes: [UInt8]) throws -> Image { try decode(bytes, minimumSide: 0) }

    /// Decodes for a tensor of `options`' size in one go. A JPEG much larger than the tensor is decoded at
    /// 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling), as long as both sides stay at least the tensor's
    /// larger side: a 12-megapixel photo then costs a fraction of a full decode, and the antialiased
    /// resize that follows works from at least the tensor's size.
    public func decodeTensor(_ bytes: [UInt8], _ options: TensorOptions) throws -> [Float] {
        try decode(bytes, minimumSide: max(options.width, options.height)).toTensor(options)
    }

    /// `minimumSide` > 0 allows JPEG DCT scaling down to that many pixels on each side.
    func decode(_ bytes: [UInt8], minimumSide: Int) throws -> Image {
        guard !bytes.isEmpty else { throw ImageError.invalid("image data is empty") }
        guard let format = Self.format(of: bytes) else {
            let head = bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
            throw ImageError.unsupportedFormat("not a JPEG or PNG image (starts with bytes \(head))")
        }
        var decoded = KilnDecodedImage()
        let status = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg: return kiln_jpeg_decode(buffer.baseAddress, buffer.count, UInt64(maximumPixels),
                                              UInt32(clamping: minimumSide), &decoded)
            case .png: return kiln_png_decode(buffer.baseAddress, buffer.count, UInt64(maximumPixels), &decoded)
            }
        }
        defer { kiln_image_release(&decoded) }
        let message = withUnsafeBytes(of: decoded.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch status {
        case KILN_IMAGE_OK: break
        case KILN_IMAGE_TOO_LARGE: throw ImageError.tooLarge(message)
        case KILN_IMAGE_TRUNCATED: throw ImageError.truncated(message)
        case KILN_IMAGE_NO_MEMORY: throw ImageError.outOfMemory(message)
        default: throw ImageError.invalid(message)
        }
        let width = Int(decoded.width), height = Int(decoded.height)
        let image = Image(width: width, height: height,
                          pixels: Array(UnsafeBufferPointer(start: decoded.pixels, count: width * height * 4)))
        guard let exif = decoded.exif else { return image }
        let orientation = ExifOrientation(exifPayload: Array(UnsafeBufferPointer(start: exif, count: decoded.exif_size)))
        return image.applying(orientation ?? .up)
    }
}

extension Image {
    /// Decodes JPEG or PNG bytes with the default pixel limit.
    public static func decode(_ bytes: [UInt8]) throws -> Image { try ImageDecoder().decode(bytes) }
}
