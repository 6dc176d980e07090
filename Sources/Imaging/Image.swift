/// A decoded image: `width` × `height` pixels, row-major, 4 bytes per pixel (R, G, B, A; 8 bits each,
/// not premultiplied).
public struct Image: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4,
                     "Image pixels must hold width*height*4 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
