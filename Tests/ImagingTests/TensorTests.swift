import Testing
@testable import Imaging

@Suite struct TensorTests {
    let image = Image(width: 2, height: 1, pixels: [255, 0, 51, 255, 0, 255, 102, 128])

    @Test func nchwAndNHWCNormalize() throws {
        func close(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 } }
        let nchw = try image.toTensor(width: 2, height: 1)
        #expect(close(nchw, [1, 0, 0, 1, 0.2, 0.4]), "\(nchw)")
        let nhwc = try image.toTensor(width: 2, height: 1, layout: .nhwc)
        #expect(close(nhwc, [1, 0, 0.2, 0, 1, 0.4]), "\(nhwc)")
        let normalized = try image.toTensor(width: 2, height: 1, mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.5])
        let expected: [Float] = [1, -1, -2, 2, -0.6, -0.2]
        #expect(zip(normalized, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(normalized)")
    }

    /// A photo becomes a 224×224 ImageNet tensor via resize-to-fill + center crop; both layouts hold the same values.
    @Test func photoToImageNetTensor() throws {
        let photo = try Image.decode(try Fixtures.bytes("chelsea.png"))
        let mean: [Float] = [0.485, 0.456, 0.406], std: [Float] = [0.229, 0.224, 0.225]
        let nchw = try photo.toTensor(width: 224, height: 224, mean: mean, std: std)
        let nhwc = try photo.toTensor(width: 224, height: 224, mean: mean, std: std, layout: .nhwc)
        #expect(nchw.count == 3 * 224 * 224)
        for (index, _) in nchw.enumerated() where index % 997 == 0 {
            let channel = index / (224 * 224), pixel = index % (224 * 224)
            #expect(nchw[index] == nhwc[pixel * 3 + channel])
        }
        let cropped = try photo.resizedToFill(width: 224, height: 224)
        #expect(abs(nchw[0] - (Float(cropped.pixels[0]) / 255 - mean[0]) / std[0]) < 1e-5)
    }

    @Test func badArguments() {
        #expect(throws: ImageError.self) { try image.toTensor(width: 2, height: 1, mean: [0, 0]) }
        #expect(throws: ImageError.self) { try image.toTensor(width: 2, height: 1, std: [1, 0, 1]) }
        #expect(throws: ImageError.self) { try image.toTensor(width: 0, height: 1) }
    }
}
