import Foundation
import JavaScript
import Testing
@testable import Imaging

/// `kiln:image` from JavaScript: the exports are installed as `globalThis.image` in a real isolate.
@Suite struct ImageModuleTests {
    func withImageModule<T>(_ body: (Isolate) async throws -> T) async throws -> T {
        let isolate = try Isolate()
        defer { isolate.shutdown() }
        try await isolate.run { ctx in try ctx.global.set("image", try ImageModule.makeExports(in: ctx)) }
        return try await body(isolate)
    }

    @Test func decodeAndToTensorFromJS() async throws {
        let photo = try Fixtures.bytes("chelsea-exif6.jpg")
        let expected = try Image.decode(photo)
        let result = try await withImageModule { isolate in
            try await isolate.run { ctx -> String in
                try ctx.global.set("bytes", try ctx.uint8Array(photo))
                return try ctx.evaluate("""
                    const img = image.decode(bytes.buffer);
                    const t = image.toTensor(img, { width: 224, height: 224, mean: [0.485, 0.456, 0.406],
                                                    std: [0.229, 0.224, 0.225], layout: "NCHW" });
                    const h = image.toTensor(img, { width: 8, height: 4, layout: "NHWC", filter: "area" });
                    JSON.stringify([img.width, img.height, img.data.constructor.name, img.data.length,
                                    Array.from(img.data.slice(0, 4)), t.constructor.name, t.length, h.length])
                    """).toString()
            }
        }
        let firstPixel = expected.pixels.prefix(4).map(String.init).joined(separator: ",")
        #expect(result == "[100,151,\"Uint8ClampedArray\",\(100 * 151 * 4),[\(firstPixel)],\"Float32Array\",150528,96]")
    }

    @Test func tensorValuesMatchSwift() async throws {
        let bytes = try Fixtures.bytes("chelsea-rgba.png")
        let swiftTensor = try Image.decode(bytes).toTensor(width: 32, height: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        let jsTensor = try await withImageModule { isolate in
            try await isolate.run { ctx -> [Double] in
                try ctx.global.set("bytes", try ctx.uint8Array(bytes))
                return try ctx.evaluate("""
                    Array.from(image.toTensor(image.decode(bytes), { width: 32, height: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }))
                    """).toArray().map { try $0.toDouble() }
            }
        }
        #expect(jsTensor.count == swiftTensor.count)
        #expect(zip(jsTensor, swiftTensor).allSatisfy { Float($0) == $1 })
    }

    @Test func badInputThrowsTheRightJSErrors() async throws {
        let bomb = try Fixtures.bytes("bomb-20000x20000.png")
        let truncated = try Fixtures.bytes("truncated-progressive.jpg")
        let outcome = try await withImageModule { isolate in
            try await isolate.run { ctx -> String in
                try ctx.global.set("bomb", try ctx.uint8Array(bomb))
                try ctx.global.set("truncated", try ctx.uint8Array(truncated))
                return try ctx.evaluate("""
                    const attempt = (f) => { try { f(); return "no error"; } catch (e) { return e.name + ": " + e.message; } };
                    JSON.stringify([
                      attempt(() => image.decode("not bytes")),
                      attempt(() => image.decode(Uint8Array.from("hello world", (c) => c.charCodeAt(0)))),
                      attempt(() => image.decode(truncated)),
                      attempt(() => image.decode(bomb)),
                      attempt(() => image.toTensor({ width: 2, height: 2, data: new Uint8Array(3) }, { width: 1, height: 1 })),
                      attempt(() => image.toTensor({ width: 1, height: 1, data: new Uint8Array(4) }, { width: 1, height: 1, layout: "CHW" })),
                      attempt(() => image.toTensor({ width: 1, height: 1, data: new Uint8Array(4) }, { width: 1, height: 1, std: [1, 2] })),
                    ])
                    """).toString()
            }
        }
        let messages = try JSONDecoder().decode([String].self, from: Data(outcome.utf8))
        #expect(messages[0].hasPrefix("TypeError: decode: expected an ArrayBuffer"))
        #expect(messages[1] == "Error: decode: not a JPEG or PNG image (starts with bytes 68 65 6c 6c)")
        #expect(messages[2] == "Error: decode: JPEG data is truncated: it ends before the image does")
        #expect(messages[3].hasPrefix("RangeError: decode: PNG is 20000x20000"))
        #expect(messages[4].hasPrefix("TypeError: toTensor: image.data holds 3 bytes"))
        #expect(messages[5].hasPrefix("TypeError: toTensor: layout must be"))
        #expect(messages[6].hasPrefix("TypeError: toTensor: std must be an array of 3"))
    }
}
