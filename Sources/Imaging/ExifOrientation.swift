/// The EXIF Orientation tag (0x0112): how the stored pixels must be turned to be shown upright.
public enum ExifOrientation: Int, Sendable {
    case up = 1, mirrored = 2, upsideDown = 3, flipped = 4, transposed = 5, rotatedClockwise = 6,
         transversed = 7, rotatedCounterClockwise = 8

    /// Reads the tag from a JPEG APP1 payload ("Exif\0\0" + TIFF). Nil when absent or malformed:
    /// a broken EXIF block must not make a good image undecodable.
    public init?(exifPayload payload: [UInt8]) {
        guard payload.count >= 14, payload.starts(with: Array("Exif".utf8) + [0, 0]) else { return nil }
        let tiff = Array(payload[6...])
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let a = Int(tiff[offset]), b = Int(tiff[offset + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(littleEndian ? offset : offset + 2), let high = u16(littleEndian ? offset + 2 : offset) else { return nil }
            return low | high << 16
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for index in 0..<count {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            // Type 3 is SHORT: the value sits in the first two bytes of the value field.
            if tag == 0x0112, u16(entry + 2) == 3, let value = u16(entry + 8) {
                self.init(rawValue: value)
                return
            }
        }
        return nil
    }
}

extension Image {
    /// The image turned upright as `orientation` prescribes.
    public func applying(_ orientation: ExifOrientation) -> Image {
        if orientation == .up { return self }
        let swapsAxes = orientation.rawValue >= 5
        let outWidth = swapsAxes ? height : width
        let outHeight = swapsAxes ? width : height
        var output = [UInt8](repeating: 0, count: pixels.count)
        let lastX = width - 1, lastY = height - 1
        pixels.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                let from = source.bindMemory(to: UInt32.self)
                let to = target.bindMemory(to: UInt32.self)
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        // The stored pixel shown at (x, y).
                        let (sx, sy): (Int, Int)
                        switch orientation {
                        case .up: (sx, sy) = (x, y)
                        case .mirrored: (sx, sy) = (lastX - x, y)
                        case .upsideDown: (sx, sy) = (lastX - x, lastY - y)
                        case .flipped: (sx, sy) = (x, lastY - y)
                        case .transposed: (sx, sy) = (y, x)
                        case .rotatedClockwise: (sx, sy) = (y, lastY - x)
                        case .transversed: (sx, sy) = (lastX - y, lastY - x)
                        case .rotatedCounterClockwise: (sx, sy) = (lastX - y, x)
                        }
                        to[y * outWidth + x] = from[sy * width + sx]
                    }
                }
            }
        }
        return Image(width: outWidth, height: outHeight, pixels: output)
    }
}
