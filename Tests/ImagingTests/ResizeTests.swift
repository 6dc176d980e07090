import Testing
@testable import Imaging

@Suite struct ResizeTests {
    static let targets = ["bilinear-224x224", "bilinear-100x67", "bilinear-600x400", "area-224x224", "area-100x67", "area-600x400"]

    /// Antialiased bilinear and area resampling match Pillow's BILINEAR and BOX filters.
    @Test(arguments: targets)
    func matchesPillow(target: String) throws {
        let source = try Image.decode(try Fixtures.bytes("chelsea.png"))
        let expected = try Fixtures.expected("resize-" + target)
        let filter: ResizeFilter = target.hasPrefix("area") ? .area : .bilinear
        let resized = try source.resized(width: expected.width, height: expected.height, filter: filter)
        let (maximum, mean) = difference(resized, expected)
        #expect(maximum <= 2, "\(target): largest difference \(maximum)")
        #expect(mean < 0.3, "\(target): mean difference \(mean)")
    }

    @Test func downscaleAveragesInsteadOfSkipping() throws {
        // 1-pixel black/white stripes: point sampling would give all black or all white; antialiasing gives gray.
        var pixels: [UInt8] = []
        for _ in 0..<8 { for x in 0..<64 { pixels += x % 2 == 0 ? [0, 0, 0, 255] : [255, 255, 255, 255] } }
        let stripes = Image(width: 64, height: 8, pixels: pixels)
        // Area: every output averages exactly 4 black and 4 white pixels.
        let area = try stripes.resized(width: 8, height: 8, filter: .area)
        #expect(area.pixels.enumerated().allSatisfy { $0.offset % 4 == 3 || $0.element == 128 })
        // Bilinear: interior outputs balance black and white; the first/last column are clipped at the edge.
        let bilinear = try stripes.resized(width: 8, height: 8, filter: .bilinear)
        for y in 0..<8 {
            for x in 1..<7 {
                #expect(abs(Int(bilinear.pixels[(y * 8 + x) * 4]) - 128) <= 2, "pixel \(x),\(y)")
            }
        }
    }

    /// resizedToFill computes only the kept window: the same bytes as resizing to the covering size and cropping.
    @Test(arguments: [(224, 224, ResizeFilter.bilinear), (100, 300, .area), (97, 31, .bilinear), (600, 350, .bilinear)])
    func fillEqualsResizeThenCrop(width: Int, height: Int, filter: ResizeFilter) throws {
        let source = try Image.decode(try Fixtures.bytes("chelsea.png"))
        let scale = max(Double(width) / Double(source.width), Double(height) / Double(source.height))
        let covering = try source.resized(width: max(width, Int((Double(source.width) * scale).rounded())),
                                          height: max(height, Int((Double(source.height) * scale).rounded())), filter: filter)
        let filled = try source.resizedToFill(width: width, height: height, filter: filter)
        #expect(filled == (try covering.centerCropped(width: width, height: height)))
    }

    @Test func centerCropAndFill() throws {
        var pixels: [UInt8] = []
        for y in 0..<4 { for x in 0..<6 { pixels += [UInt8(x), UInt8(y), 0, 255] } }
        let image = Image(width: 6, height: 4, pixels: pixels)
        let crop = try image.centerCropped(width: 2, height: 2)
        #expect(crop.pixels == [2, 1, 0, 255, 3, 1, 0, 255, 2, 2, 0, 255, 3, 2, 0, 255])
        #expect(try image.resizedToFill(width: 3, height: 3).width == 3)
        #expect(throws: ImageError.self) { try image.centerCropped(width: 7, height: 1) }
        #expect(throws: ImageError.self) { try image.resized(width: 0, height: 5) }
    }
}
