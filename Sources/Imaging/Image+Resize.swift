extension Image {
    /// The image resampled to `width` × `height` (separable: rows, then columns), antialiased when shrinking.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResizeFilter = .bilinear) throws -> Image {
        guard newWidth > 0, newHeight > 0 else {
            throw ImageError.invalidArgument("resize target must be positive, got \(newWidth)x\(newHeight)")
        }
        guard width > 0, height > 0 else { throw ImageError.invalidArgument("cannot resize an empty image") }
        if newWidth == width && newHeight == height { return self }
        return resampled(width: newWidth, height: newHeight, columns: 0..<newWidth, rows: 0..<newHeight, filter: filter)
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
    /// the usual preprocessing for a classifier's fixed input. Only the kept region is computed; the result
    /// equals `resized` to the covering size followed by `centerCropped`.
    public func resizedToFill(width targetWidth: Int, height targetHeight: Int, filter: ResizeFilter = .bilinear) throws -> Image {
        guard targetWidth > 0, targetHeight > 0 else {
            throw ImageError.invalidArgument("target size must be positive, got \(targetWidth)x\(targetHeight)")
        }
        guard width > 0, height > 0 else { throw ImageError.invalidArgument("cannot resize an empty image") }
        let scale = max(Double(targetWidth) / Double(width), Double(targetHeight) / Double(height))
        let scaledWidth = max(targetWidth, Int((Double(width) * scale).rounded()))
        let scaledHeight = max(targetHeight, Int((Double(height) * scale).rounded()))
        let left = (scaledWidth - targetWidth) / 2, top = (scaledHeight - targetHeight) / 2
        if scaledWidth == width && scaledHeight == height {
            return try centerCropped(width: targetWidth, height: targetHeight)
        }
        return resampled(width: scaledWidth, height: scaledHeight, columns: left..<(left + targetWidth),
                         rows: top..<(top + targetHeight), filter: filter)
    }

    /// The window `columns` × `rows` of the image scaled to `width` × `height`: a horizontal pass into
    /// floats over just the source rows the window needs, then a vertical pass into bytes.
    func resampled(width scaledWidth: Int, height scaledHeight: Int, columns: Range<Int>, rows: Range<Int>,
                   filter: ResizeFilter) -> Image {
        let horizontal = filter.contributions(from: width, to: scaledWidth, outputs: columns)
        let vertical = filter.contributions(from: height, to: scaledHeight, outputs: rows)
        let firstRow = vertical.starts.min() ?? 0
        let endRow = zip(vertical.starts, vertical.counts).map { $0 + $1 }.max() ?? 0
        let outWidth = columns.count, outHeight = rows.count
        let rowLength = outWidth * 4

        var passed = [Float](repeating: 0, count: max(endRow - firstRow, 0) * rowLength)
        pixels.withUnsafeBufferPointer { source in
            passed.withUnsafeMutableBufferPointer { target in
                horizontal.weights.withUnsafeBufferPointer { weights in
                    for y in firstRow..<max(endRow, firstRow) {
                        let sourceRow = y * width * 4, targetRow = (y - firstRow) * rowLength
                        for x in 0..<outWidth {
                            var sum: (Float, Float, Float, Float) = (0, 0, 0, 0)
                            var pixel = sourceRow + horizontal.starts[x] * 4
                            for tap in 0..<horizontal.counts[x] {
                                let weight = weights[x * horizontal.taps + tap]
                                sum.0 += weight * Float(source[pixel])
                                sum.1 += weight * Float(source[pixel + 1])
                                sum.2 += weight * Float(source[pixel + 2])
                                sum.3 += weight * Float(source[pixel + 3])
                                pixel += 4
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
        }
        var output = [UInt8](repeating: 0, count: outHeight * rowLength)
        passed.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                vertical.weights.withUnsafeBufferPointer { weights in
                    for y in 0..<outHeight {
                        let first = (vertical.starts[y] - firstRow) * rowLength, count = vertical.counts[y]
                        for column in 0..<rowLength {
                            var sum: Float = 0
                            for tap in 0..<count {
                                sum += weights[y * vertical.taps + tap] * source[first + tap * rowLength + column]
                            }
                            target[y * rowLength + column] = UInt8(max(0, min(255, sum.rounded())))
                        }
                    }
                }
            }
        }
        return Image(width: outWidth, height: outHeight, pixels: output)
    }
}
