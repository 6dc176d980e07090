import Foundation
@testable import Imaging

/// The fixtures scripts/make-image-fixtures.py writes (run by scripts/bootstrap) and their manifest.
enum Fixtures {
    struct Entry: Decodable {
        var width: Int
        var height: Int
        var expected: String
        var tolerance: Int
        var note: String
    }

    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/.deps/fixtures/images"
    }()

    struct Missing: Error, CustomStringConvertible {
        var description: String { "image fixtures missing in \(Fixtures.directory): run ./scripts/bootstrap" }
    }

    static func manifest() throws -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json") else { throw Missing() }
        return try JSONDecoder().decode([String: Entry].self, from: data)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { throw Missing() }
        return Array(data)
    }

    static func expected(_ name: String) throws -> Image {
        let entry = try manifest()[name]!
        return Image(width: entry.width, height: entry.height, pixels: try bytes(entry.expected))
    }
}

/// Largest and mean absolute difference between two images' samples.
func difference(_ a: Image, _ b: Image) -> (max: Int, mean: Double) {
    precondition(a.pixels.count == b.pixels.count)
    var maximum = 0, total = 0
    for index in a.pixels.indices {
        let delta = abs(Int(a.pixels[index]) - Int(b.pixels[index]))
        maximum = max(maximum, delta)
        total += delta
    }
    return (maximum, Double(total) / Double(max(a.pixels.count, 1)))
}
