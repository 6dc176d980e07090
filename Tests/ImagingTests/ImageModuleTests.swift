import Foundation
import JavaScript
import Testing
@testable import Imaging

/// `kiln:image` from JavaScript: the exports are installed as `globalThis.image` in a real isolate; each
/// script is an async function body whose result (JSON) the test awaits.
@Suite struct ImageModuleTests {
    func run(_ script: String, globals: [String: [UInt8]] = [:]) async throws -> String {
        let isolate = try Isolate()
        defer { isolate.shutdown() }
        return try await isolate.runAndAwait { ctx in
            try ctx.global.set("image", try ImageModule.makeExports(in: ctx))
            for (name, bytes) in globals { try ctx.global.set(name, try ctx.uint8Array(bytes)) }
            return try ctx.evaluate("(async () => { \(script) })()")
        }.toString()
    }

    @Test func decodeAndToTensorFromJS() async throws {
        let photo = try Fixtures.bytes("chelsea-exif6.jpg")
        let expected = try Image.decode(photo)
        let result = try await run("""
            const img = await image.decode(bytes.buffer);
            const t = await image.toTensor(img, { width: 224, height: 224, mean: [0.485, 0.456, 0.406],
                                                  std: [0.229, 0.224, 0.225], layout: "NCHW" });
            const h = await image.toTensor(img, { width: 8, height: 4, layout: "NHWC", filter: "area" });
            return JSON.stringify([img.width, img.height, img.data.constructor.name, img.data.length,
                                   Array.from(img.data.slice(0, 4)), t.constructor.name, t.length, h.length]);
            """, globals: ["bytes": photo])
        let firstPixel = expected.pixels.prefix(4).map(String.init).joined(separator: ",")
        #expect(result == "[100,151,\"Uint8ClampedArray\",\(100 * 151 * 4),[\(firstPixel)],\"Float32Array\",150528,96]")
    }

    @Test func tensorValuesMatchSwift() async throws {
        let bytes = try Fixtures.bytes("chelsea-rgba.png")
        let swiftTensor = try Image.decode(bytes).toTensor(width: 32, height: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        let json = try await run("""
            const options = { width: 32, height: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
            const twoSteps = await image.toTensor(await image.decode(bytes), options);
            const oneStep = await image.decodeToTensor(bytes, options);
            return JSON.stringify([Array.from(twoSteps), Array.from(oneStep)]);
            """, globals: ["bytes": bytes])
        let tensors = try JSONDecoder().decode([[Float]].self, from: Data(json.utf8))
        #expect(tensors[0] == swiftTensor)
        #expect(tensors[1] == swiftTensor)
    }

    /// A JPEG far larger than the tensor is decoded at reduced scale: the same tensor as Swift's
    /// `decodeTensor`, and close to decoding at full size first.
    @Test func decodeToTensorScalesLargeJPEGs() async throws {
        let bytes = try Fixtures.bytes("hubble_deep_field.jpg")
        let options = try TensorOptions(width: 64, height: 64)
        let scaled = try ImageDecoder().decodeTensor(bytes, options)
        let full = try Image.decode(bytes).toTensor(options)
        let json = try await run("""
            return JSON.stringify(Array.from(await image.decodeToTensor(bytes, { width: 64, height: 64 })));
            """, globals: ["bytes": bytes])
        #expect(try JSONDecoder().decode([Float].self, from: Data(json.utf8)) == scaled)
        // 1000x872: 1/8 still covers 64 px, while 224 px allows only 1/2 (872/4 = 218 < 224).
        let decoder = ImageDecoder()
        #expect(try decoder.decode(bytes, minimumSide: 64).width == 125)
        #expect(try decoder.decode(bytes, minimumSide: 224).width == 500)
        #expect(try decoder.decode(bytes, minimumSide: 1000).width == 1000)
        #expect(scaled != full)
        let meanDifference = zip(scaled, full).map { abs($0 - $1) }.reduce(0, +) / Float(full.count)
        #expect(meanDifference < 0.02, "mean difference \(meanDifference) (values 0...1)")
    }

    @Test func badInputRejectsWithTheRightJSErrors() async throws {
        let json = try await run("""
            const attempt = async (f) => {
              const promise = f();
              if (!(promise instanceof Promise)) return "not a promise";
              try { await promise; return "no error"; } catch (e) { return e.name + ": " + e.message; }
            };
            const pixel = { width: 1, height: 1, data: new Uint8Array(4) };
            return JSON.stringify([
              await attempt(() => image.decode("not bytes")),
              await attempt(() => image.decode(Uint8Array.from("hello world", (c) => c.charCodeAt(0)))),
              await attempt(() => image.decode(truncated)),
              await attempt(() => image.decode(bomb)),
              await attempt(() => image.toTensor({ width: 2, height: 2, data: new Uint8Array(3) }, { width: 1, height: 1 })),
              await attempt(() => image.toTensor(pixel, { width: 1, height: 1, layout: "CHW" })),
              await attempt(() => image.toTensor(pixel, { width: 1, height: 1, std: [1, 2] })),
              await attempt(() => image.toTensor(pixel, { width: 1, height: 1, std: [1, 0, 1] })),
              await attempt(() => image.decodeToTensor(bomb, { width: 224, height: 224 })),
              await attempt(() => image.decodeToTensor(truncated, { width: 224, height: 224 })),
              await attempt(() => image.decodeToTensor(new Uint8Array(0), { width: 224, height: 224 })),
              await attempt(() => image.decodeToTensor(truncated)),
            ]);
            """, globals: ["bomb": try Fixtures.bytes("bomb-20000x20000.png"), "truncated": try Fixtures.bytes("truncated-progressive.jpg")])
        let messages = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        #expect(messages[0].hasPrefix("TypeError: decode: expected an ArrayBuffer"))
        #expect(messages[1] == "Error: decode: not a JPEG or PNG image (starts with bytes 68 65 6c 6c)")
        #expect(messages[2] == "Error: decode: JPEG data is truncated: it ends before the image does")
        #expect(messages[3].hasPrefix("RangeError: decode: PNG is 20000x20000"))
        #expect(messages[4].hasPrefix("TypeError: toTensor: image.data holds 3 bytes"))
        #expect(messages[5].hasPrefix("TypeError: toTensor: layout must be"))
        #expect(messages[6].hasPrefix("TypeError: toTensor: std must be an array of 3"))
        #expect(messages[7].hasPrefix("TypeError: toTensor: std values must be finite and non-zero"))
        #expect(messages[8].hasPrefix("RangeError: decodeToTensor: PNG is 20000x20000"))
        #expect(messages[9] == "Error: decodeToTensor: JPEG data is truncated: it ends before the image does")
        #expect(messages[10] == "Error: decodeToTensor: image data is empty")
        #expect(messages[11].hasPrefix("TypeError: decodeToTensor: expected options"))
    }

    /// The isolate keeps running JavaScript while an image decodes: a timer set after the call fires first.
    @Test func isolateRunsOtherWorkWhileDecoding() async throws {
        let json = try await run("""
            const order = [];
            const decoding = image.decodeToTensor(bytes, { width: 224, height: 224 }).then(() => order.push("decoded"));
            await new Promise((resolve) => setTimeout(() => { order.push("timer"); resolve(); }, 0));
            await decoding;
            return JSON.stringify(order);
            """, globals: ["bytes": try Fixtures.bytes("astronaut.png")])
        #expect(json == "[\"timer\",\"decoded\"]")
    }

    @Test func workRunsOffTheIsolateThread() async throws {
        let isolate = try Isolate()
        defer { isolate.shutdown() }
        let onIsolateThread = try await isolate.runAndAwait { ctx in
            try ImageWork.promise(in: ctx, operation: "probe", { isolate.isCurrentThread }, then: { ctx, value in ctx.bool(value) })
        }.toBool()
        #expect(onIsolateThread == false)
    }
}
