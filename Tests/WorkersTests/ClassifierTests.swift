import Foundation
import Testing
@testable import Workers

/// examples/classifier end to end over HTTP: upload → kiln:image → the Classifier Durable Object →
/// kiln:onnx on the GPU (lavapipe here) → the top class. Serialized: each test keeps the GPU busy.
@Suite(.serialized) struct ClassifierTests {
    /// Real photos and the decoder paths they take (progressive, grayscale, alpha, EXIF rotation).
    static let photos = ["chelsea-progressive.jpg", "coffee.png", "astronaut.png", "rocket.jpg", "camera.png",
                         "chelsea-gray-alpha.png", "chelsea-exif6.jpg", "chelsea-rgba.png"]

    static func withClassifier(vars: [String: String] = [:], uploadModel: Bool = true,
                               _ body: (RuntimeHarness, ClassifierClient) async throws -> Void) async throws {
        try ClassifierFixture.ensureModel()
        let root = try ClassifierFixture.project(vars: vars)
        if uploadModel { try ClassifierFixture.uploadModel(project: root) }
        try await RuntimeHarness.with(files: [:], root: root, cpuTimeLimit: .seconds(60)) { h in
            try await body(h, ClassifierClient(port: h.port))
        }
    }

    @Test func classifiesPhotosLikeOnnxruntimeAndRefusesBadInput() async throws {
        let photos = try Self.photos.map(ClassifierFixture.photo)
        let expected = try ClassifierFixture.onnxruntimeTopClasses(try photos.map(ClassifierFixture.tensor))
        let labels = try ClassifierFixture.labelLines()
        #expect(expected.count == photos.count)
        try await Self.withClassifier(uploadModel: false) { h, client in
            // Before the model is in R2: 503 saying how to upload it.
            let missing = try await client.upload(photos[0])
            #expect(missing.status == 503)
            #expect(missing.text.contains("kiln r2 object put model-bucket-dev/efficientnet-lite0.onnx --local --file models/efficientnet-lite0.onnx"))
            try ClassifierFixture.uploadModel(project: h.root)

            for (index, photo) in photos.enumerated() {
                let reply = try await client.upload(photo)
                #expect(reply.status == 200, "\(Self.photos[index]): \(reply.text)")
                #expect(reply.text == labels[expected[index]] + "\n", "\(Self.photos[index])")
            }
            // The object's logits crossed as float32 bytes; it reports its batch and inference time.
            let timed = try await client.upload(photos[0])
            #expect(timed.headers["x-batch-size"] == "1")
            #expect(timed.headers["server-timing"]?.hasPrefix("inference;dur=") == true, "\(timed.headers)")
            let json = try await client.upload(photos[1], accept: "application/json")
            #expect(json.headers["content-type"]?.hasPrefix("application/json") == true)
            let top5 = try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: [[String: Any]]]
            let entries = top5?["top5"] ?? []
            #expect(entries.count == 5)
            #expect(entries.first?["index"] as? Int == expected[1])
            let probabilities = entries.compactMap { $0["probability"] as? Double }
            #expect(probabilities == probabilities.sorted(by: >) && probabilities.reduce(0, +) <= 1.0001)
            #expect(labels[expected[1]] == "\(entries.first?["wnid"] as? String ?? "") \(entries.first?["label"] as? String ?? "")")

            // Bad input: each a clear HTTP error; the object keeps serving.
            let image = ClassifierFixture.images
            let bad: [(String, ClassifierClient.Reply, Int, String)] = [
                ("not an image", try await client.upload(try ClassifierFixture.photo("not-an-image.bin")), 400, "cannot classify"),
                ("truncated JPEG", try await client.upload(try ClassifierFixture.photo("truncated-baseline.jpg")), 400, "cannot classify"),
                ("truncated PNG", try await client.upload(try ClassifierFixture.photo("truncated.png")), 400, "cannot classify"),
                ("20000x20000 PNG", try await client.upload(Array(try Data(contentsOf: URL(fileURLWithPath: image + "/bomb-20000x20000.png")))), 413, "cannot classify"),
                ("empty body", try await client.send(body: []), 400, "missing `file`"),
                ("empty file", try await client.upload([]), 400, "cannot classify"),
                ("wrong field name", try await client.upload(photos[0], field: "photo"), 400, "missing `file`"),
                ("text field", try await client.upload(Array("hello".utf8), filename: nil), 400, "`file` part of POST form must be a file"),
                ("GET elsewhere", try await client.send(method: "GET", path: "/classify"), 405, "method not allowed"),
                ("PUT", try await client.send(method: "PUT", body: photos[0]), 405, "method not allowed"),
            ]
            for (name, reply, status, message) in bad {
                #expect(reply.status == status, "\(name): \(reply.status) \(reply.text)")
                #expect(reply.text.contains(message), "\(name): \(reply.text)")
            }
            let after = try await client.upload(photos[0])
            #expect(after.status == 200 && after.text == labels[expected[0]] + "\n")
            #expect(h.logs.all.filter { $0.contains("session created in DO") }.count == 1)
        }
    }

    @Test func hundredConcurrentUploadsAreBatched() async throws {
        let photos = try Self.photos.prefix(4).map(ClassifierFixture.photo)
        let expected = try ClassifierFixture.onnxruntimeTopClasses(try photos.map(ClassifierFixture.tensor))
        let labels = try ClassifierFixture.labelLines()
        // The batching window makes the batch sizes independent of how fast this machine decodes uploads
        // (the Worker prepares them one after another): without it, a GPU that finishes an image before the
        // next one arrives never sees a queue, and batching would go untested.
        try await Self.withClassifier(vars: ["MAX_BATCH_SIZE": "32", "MAX_BATCH_WAIT_MS": "1000"]) { h, client in
            // Warm up: load the model and compile the batch-1 program once.
            #expect(try await client.upload(photos[0]).status == 200)
            let replies = try await withThrowingTaskGroup(of: (Int, ClassifierClient.Reply).self) { group in
                for index in 0..<100 {
                    group.addTask { (index, try await client.upload(photos[index % photos.count])) }
                }
                var replies: [(Int, ClassifierClient.Reply)] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            #expect(replies.count == 100)
            for (index, reply) in replies {
                #expect(reply.status == 200 && reply.text == labels[expected[index % photos.count]] + "\n", "upload \(index): \(reply.text)")
            }
            let batches = replies.compactMap { Int($0.1.headers["x-batch-size"] ?? "") }
            #expect((batches.max() ?? 0) >= 8, "batch sizes seen: \(Set(batches).sorted())")
        }
    }

    @Test func pageShowsTopFiveBarsInChromium() async throws {
        let photo = "chelsea-progressive.jpg"
        let expected = try ClassifierFixture.onnxruntimeTopClasses([try ClassifierFixture.tensor(try ClassifierFixture.photo(photo))])
        let labels = try ClassifierFixture.labelLines()
        try await Self.withClassifier { h, client in
            let page = try await client.send(method: "GET")
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "the page loads no external assets")
            let screenshot = NSTemporaryDirectory() + "kiln-classifier-page-\(UUID().uuidString).png"
            defer { try? FileManager.default.removeItem(atPath: screenshot) }
            let result = try await ChromiumPage.uploadAndScreenshot(url: "http://127.0.0.1:\(h.port)/",
                                                                    image: ClassifierFixture.images + "/" + photo, screenshot: screenshot)
            #expect(result.bars == 5)
            #expect(result.status == labels[expected[0]])
            // The bars are drawn in the page's orange (#e8730c): the screenshot must show them.
            let orange = try ChromiumPage.countPixels(in: screenshot, near: (0xe8, 0x73, 0x0c))
            #expect(orange > 500, "orange pixels in the screenshot: \(orange)")
        }
    }
}
