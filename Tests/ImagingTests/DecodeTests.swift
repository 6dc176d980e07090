import Foundation
import Testing
@testable import Imaging

@Suite struct DecodeTests {
    static let decodable: [String] = {
        ((try? Fixtures.manifest()) ?? [:]).keys.filter { !$0.hasPrefix("resize-") }.sorted()
    }()

    @Test func fixturesArePresent() throws {
        #expect(try Fixtures.manifest().count >= 30)
        #expect(Self.decodable.contains("chelsea-progressive.jpg") && Self.decodable.contains("rocket.jpg"))
    }

    /// Real photos and every variant decode to Pillow's pixels (exactly for PNG, within a rounding step for JPEG).
    @Test(arguments: decodable)
    func decodesLikePillow(name: String) throws {
        let entry = try #require(try Fixtures.manifest()[name])
        let image = try Image.decode(try Fixtures.bytes(name))
        #expect(image.width == entry.width && image.height == entry.height, "\(name) (\(entry.note))")
        guard image.width == entry.width && image.height == entry.height else { return }
        let (maximum, mean) = difference(image, try Fixtures.expected(name))
        #expect(maximum <= entry.tolerance, "\(name): largest sample difference \(maximum), mean \(mean)")
        #expect(mean < 0.5, "\(name): mean sample difference \(mean)")
    }

    @Test func exifRotationSwapsAxes() throws {
        let upright = try Image.decode(try Fixtures.bytes("chelsea-exif1.jpg"))
        let rotated = try Image.decode(try Fixtures.bytes("chelsea-exif6.jpg"))
        #expect(upright.width == 151 && upright.height == 100)
        #expect(rotated.width == 100 && rotated.height == 151)
        #expect(rotated == upright.applying(.rotatedClockwise))
        #expect(upright.applying(.rotatedClockwise).applying(.rotatedCounterClockwise) == upright)
        #expect(upright.applying(.transposed).applying(.transposed) == upright)
    }

    @Test func exifParsingHandlesBothByteOrdersAndGarbage() {
        func payload(bigEndian: Bool, orientation: UInt16) -> [UInt8] {
            func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
            func u32(_ v: UInt32) -> [UInt8] { bigEndian ? u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF)) : u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16)) }
            let header: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
            return Array("Exif".utf8) + [0, 0] + header + u16(42) + u32(8) + u16(1)
                + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0)
        }
        #expect(ExifOrientation(exifPayload: payload(bigEndian: true, orientation: 6)) == .rotatedClockwise)
        #expect(ExifOrientation(exifPayload: payload(bigEndian: false, orientation: 8)) == .rotatedCounterClockwise)
        #expect(ExifOrientation(exifPayload: payload(bigEndian: false, orientation: 9)) == nil)
        #expect(ExifOrientation(exifPayload: Array(payload(bigEndian: true, orientation: 3).prefix(20))) == nil)
        #expect(ExifOrientation(exifPayload: Array("Exif".utf8) + [0, 0] + [UInt8](repeating: 0xFF, count: 40)) == nil)
    }
}
