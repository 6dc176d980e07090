import Foundation
import Testing
@testable import Imaging

@Suite struct BadInputTests {
    @Test(arguments: ["truncated-baseline.jpg", "truncated-progressive.jpg"])
    func truncatedJPEGIsRefused(name: String) throws {
        #expect(throws: ImageError.truncated("JPEG data is truncated: it ends before the image does")) {
            try Image.decode(try Fixtures.bytes(name))
        }
    }

    @Test func truncatedHeadersAndPNGsFailClearly() throws {
        for name in ["truncated-header.jpg", "truncated.png"] {
            do {
                _ = try Image.decode(try Fixtures.bytes(name))
                Issue.record("\(name) decoded")
            } catch let error as ImageError {
                switch error {
                case .truncated, .invalid: #expect(!error.description.isEmpty)
                default: Issue.record("\(name): unexpected \(error)")
                }
            }
        }
    }

    @Test func notAnImageAndEmpty() throws {
        #expect(throws: ImageError.unsupportedFormat("not a JPEG or PNG image (starts with bytes 3c 68 74 6d)")) {
            try Image.decode(try Fixtures.bytes("not-an-image.bin"))
        }
        #expect(throws: ImageError.invalid("image data is empty")) { try Image.decode([]) }
    }

    /// The 20000×20000 PNG is refused from its header, before 1.6 GB of pixels are allocated.
    @Test func decompressionBombIsRefusedBeforeAllocating() throws {
        let bytes = try Fixtures.bytes("bomb-20000x20000.png")
        let start = Date()
        #expect(throws: ImageError.tooLarge("PNG is 20000x20000 = 400000000 pixels, above the limit of 67108864")) {
            try Image.decode(bytes)
        }
        #expect(Date().timeIntervalSince(start) < 1)
        let jpeg = try Fixtures.bytes("chelsea-baseline.jpg")
        #expect(throws: ImageError.tooLarge("JPEG is 451x300 = 135300 pixels, above the limit of 1000")) {
            try ImageDecoder(maximumPixels: 1000).decode(jpeg)
        }
    }

    /// Corrupting bytes at many offsets of a JPEG and a PNG never crashes: each decode either succeeds or
    /// throws an ImageError.
    @Test func corruptedDataNeverCrashes() throws {
        for name in ["chelsea-baseline.jpg", "chelsea-progressive.jpg", "chelsea-rgba.png"] {
            let original = try Fixtures.bytes(name)
            for offset in stride(from: 2, to: original.count, by: max(1, original.count / 60)) {
                var corrupted = original
                for index in offset..<min(offset + 16, corrupted.count) { corrupted[index] ^= 0x5A }
                do { _ = try Image.decode(corrupted) } catch is ImageError {}
            }
        }
        // A JPEG signature followed by garbage.
        #expect(throws: ImageError.self) { try Image.decode([0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0x42, count: 100)) }
        #expect(throws: ImageError.self) { try Image.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) }
    }
}
