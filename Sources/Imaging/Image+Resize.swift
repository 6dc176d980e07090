extension Image {
    /// The image resampled to `width` × `height` (separable: rows, then columns), antialiased when shrinking.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResizeFilter = .bilinear) throws -> Image {
        guard newWidth > 0, newHeight > 0 else {
            throw ImageError.invalidArgument("resize target must be positive, got \(newWidth)x\(newHeight)")
        }
        guard width > 0, height > 0 else { throw ImageError.invalidArgument("cannot resize an empty image") }
        if newWidth == width && newHeight == height { return self }
        let columns = filter.contributions(from: width, to: newWidth)
        let rows = filter.contributions(from: height, to: newHeight)

        // Horizontal pass into floats (source height × new width), then vertical pass into bytes.
        var horizontal = [Float](repeating: 0, count: height * newWidth * 4)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let sourceRow = y * width * 4, targetRow = y * newWidth * 4
                    for (x, contribution) in columns.enumerated() {
                        var sum: (Float, Float, Float, Float) = (0, 0, 0, 0)
                        for (offset, weight) in contribution.weights.enumerated() {
                            let pixel = sourceRow + (contribution.start + offset) * 4
                            sum.0 += weight * Float(source[pixel])
                            sum.1 += weight * Float(source[pixel + 1])
                            sum.2 += weight * Float(source[pixel + 2])
                            sum.3 += weight * Float(source[pixel + 3])
                        }
                        let out = targetRow + x * 4
                        target[out] = sum.0
                        target[out + 1] = sum.1
                        target[out + 2] = sum.2
                        target[out + 3] = sum.3
                    }
                }
            }
        }
        var output = [UInt8](repeating: 0, count: newWidth * newHeight * 4)
        horizontal.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                let rowLength = newWidth * 4
                for (y, contribution) in rows.enumerated() {
                    for column in 0..<rowLength {
                        var sum: Float = 0
                        for (offset, weight) in contribution.weights.enumerated() {
                            sum += weight * source[(contribution.start + offset) * rowLength + column]
                        }
                        target[y * rowLength + column] = UInt8(max(0, min(255, sum.rounded())))
                    }
                }
            }
        }
        return Image(width: newWidth, height: newHeight, pixels: output)
    }

    /// The centered `width` × `height` region (each at most the image's own size).
    public func centerCropped(width cropWidth: Int, height cropHeight: Int) throws -> Image {
        guard cropWidth > 0, cropHeight > 0, cropWidth <= width, cropHeight <= height else {
            throw ImageError.invalidArgument("cannot crop \(cropWidth)x\(cropHeight) out of a \(width)x\(height) image")
        }
        let left = (width - cropWidth) / 2, top = (height - cropHeight) / 2
        var output = [UInt8]()
        output.reserveCapacity(cropWidth * cropHeight * 4)
        for y in top..<(top + cropHeight) {
            let start = (y * width + left) * 4
            output.append(contentsOf: pixels[start..<(start + cropWidth * 4)])
        }
        return Image(width: cropWidth, height: cropHeight, pixels: output)
    }

    /// Scales the image so it covers `width` × `height` (keeping its aspect ratio), then crops the center:
    /// the usual preprocessing for a classifier's fixed input.
    public func resizedToFill(width targetWidth: Int, height targetHeight: Int, filter: ResizeFilter = .bilinear) throws -> Image {
        guard targetWidth > 0, targetHeight > 0 else {
            throw ImageError.invalidArgument("target size must be positive, got \(targetWidth)x\(targetHeight)")
        }
        let scale = max(Double(targetWidth) / Double(width), Double(targetHeight) / Double(height))
        let scaledWidth = max(targetWidth, Int((Double(width) * scale).rounded()))
        let scaledHeight = max(targetHeight, Int((Double(height) * scale).rounded()))
        return try resized(width: scaledWidth, height: scaledHeight, filter: filter)
            .centerCropped(width: targetWidth, height: targetHeight)
    }
}
