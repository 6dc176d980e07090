import Foundation
import Testing
@testable import ONNX

/// EfficientNet-Lite0 on real photos (scikit-image's sample data): Kiln's top-5 classes must be
/// onnxruntime's, in the same order, for the same preprocessed input.
@Suite(.serialized) struct PhotoClassificationTests {
    static let photos = ["chelsea.png", "coffee.png", "rocket.jpg", "astronaut.png", "motorcycle_left.png"]
    static let photoDirectory = ".deps/venv/lib/python3.11/site-packages/skimage/data"

    @Test(arguments: photos) func topFiveMatchesOnnxRuntime(_ photo: String) async throws {
        let model = try EfficientNetModel.url()
        let path = TestGPU.root.appendingPathComponent("\(Self.photoDirectory)/\(photo)").path
        let directory = try ModelAccuracyTests.reference(model: model, name: "photo-\(photo)", arguments: ["--image", path])
        let input = try TestCaseDirectory.tensors(in: directory, prefix: "input_")
        let expected = try #require(try TestCaseDirectory.tensors(in: directory, prefix: "output_").first)
        let session = try await TestGPU.session(try Data(contentsOf: model))
        let photoTensor = try #require(input.first)
        let outputs = try await session.run(feeds: [session.inputNames[0]: photoTensor])
        let logits = try #require(outputs["logits"])
        let kiln = topFive(logits.floats)
        let reference = topFive(expected.floats)
        print("ONNX photo \(photo): Kiln top-5 \(kiln), onnxruntime \(reference)")
        #expect(kiln == reference)
        #expect(relativeError(logits, expected) <= 1e-3)
    }

    func topFive(_ values: [Float]) -> [Int] {
        Array(values.indices.sorted { values[$0] > values[$1] }.prefix(5))
    }
}
