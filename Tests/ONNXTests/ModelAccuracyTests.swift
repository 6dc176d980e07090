import Foundation
import Testing
@testable import ONNX

/// Whole models against onnxruntime: the reference outputs come from scripts/onnx-reference (run here
/// when missing), inputs included, so both runtimes see the same tensors.
@Suite(.serialized) struct ModelAccuracyTests {
    static let lightDirectory = ".deps/venv/lib/python3.11/site-packages/onnx/backend/test/data/light"
    static let lightModels = ["squeezenet", "resnet50", "shufflenet", "bvlc_alexnet", "densenet121",
                              "inception_v1", "inception_v2", "vgg19", "zfnet512"]

    /// Runs scripts/onnx-reference for `model` into models/reference/<name> unless already there.
    static func reference(model: URL, name: String, arguments: [String]) throws -> URL {
        let directory = TestGPU.root.appendingPathComponent("models/reference/\(name)")
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("output_0.pb").path) {
            let process = Process()
            process.executableURL = TestGPU.root.appendingPathComponent("scripts/onnx-reference")
            process.arguments = [model.path, directory.path] + arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ONNXError.invalidFeed("scripts/onnx-reference failed for \(name) (status \(process.terminationStatus)); run ./scripts/bootstrap")
            }
        }
        return directory
    }

    /// Runs `model` on Kiln with the reference inputs; returns the worst relative error over outputs.
    /// `cpuKernels`: force the kernel family (nil: the adapter's own), so both families are checked here.
    static func compare(model: URL, name: String, arguments: [String], cpuKernels: Bool? = nil,
                        gemm: GEMMTuning = .standard, dispatches: Int? = nil) async throws -> Float {
        let directory = try reference(model: model, name: name, arguments: arguments)
        let inputs = try TestCaseDirectory.tensors(in: directory, prefix: "input_")
        let expected = try TestCaseDirectory.tensors(in: directory, prefix: "output_")
        let session = try await InferenceSession(model: try Data(contentsOf: model),
                                                 options: .init(context: try await TestGPU.context(), cpuKernels: cpuKernels,
                                                                gemm: gemm))
        #expect(inputs.count == session.inputNames.count)
        let feeds = Dictionary(uniqueKeysWithValues: zip(session.inputNames, inputs))
        let results = try await session.run(feeds: feeds)
        if let dispatches {
            #expect(await session.statistics(for: feeds.mapValues(\.shape))?.dispatches == dispatches)
        }
        var worst: Float = 0
        for (name, reference) in zip(session.outputNames, expected) {
            let actual = try #require(results[name])
            #expect(actual.shape == reference.shape)
            worst = max(worst, relativeError(actual, reference))
        }
        print("ONNX model \(name): max error relative to output scale \(worst)")
        return worst
    }

    @Test(arguments: lightModels) func lightModelMatchesOnnxRuntime(_ model: String) async throws {
        let url = TestGPU.root.appendingPathComponent("\(Self.lightDirectory)/light_\(model).onnx")
        let error = try await Self.compare(model: url, name: "light_\(model)", arguments: ["--dummy"])
        #expect(error <= 1e-3)
    }

    /// 49 convs (activations and the 9 residual adds fused in), the pool and the classifier (GPU family
    /// without split-K; CPU adapters split 1×1 convs into one dispatch per uniform-sized chunk of weights).
    static let efficientNetDispatches = 51

    /// GPU kernel grids: standard (split-K on the long-K 1×1 convs and the classifier); without split-K.
    static let gpuTunings = [GEMMTuning.standard, GEMMTuning(splitKWorkgroups: nil)]

    /// Both kernel families (GPU: workgroup-memory tiles chosen per problem, under each of `gpuTunings`;
    /// CPU adapters: register blocks), whatever adapter runs the tests.
    @Test(arguments: [(false, 0), (false, 1), (true, 0)])
    func efficientNetLite0MatchesOnnxRuntime(_ cpuKernels: Bool, _ tuning: Int) async throws {
        let url = try EfficientNetModel.url()
        let gemm = Self.gpuTunings[tuning]
        #expect(try await Self.compare(model: url, name: "efficientnet-lite0-batch2", arguments: ["--batch", "2", "--seed", "1"],
                                       cpuKernels: cpuKernels, gemm: gemm,
                                       dispatches: !cpuKernels && gemm.splitKWorkgroups == nil ? Self.efficientNetDispatches : nil) <= 1e-3)
    }

    /// The float16 copy (weights, input and logits in float16) against onnxruntime running it in float16:
    /// float32's bound holds (Kiln rounds only where values leave; measured 1.4e-4 on lavapipe).
    @Test func efficientNetLite0Float16MatchesOnnxRuntime() async throws {
        let url = try EfficientNetModel.url(float16: true)
        #expect(try await Self.compare(model: url, name: "efficientnet-lite0-fp16-batch2", arguments: ["--batch", "2", "--seed", "1"]) <= 1e-3)
    }
}

/// models/efficientnet-lite0.onnx (or its float16 copy), built by scripts/prepare-models on first use.
enum EfficientNetModel {
    static func url(float16: Bool = false) throws -> URL {
        let url = TestGPU.root.appendingPathComponent(float16 ? "models/efficientnet-lite0-fp16.onnx" : "models/efficientnet-lite0.onnx")
        if !FileManager.default.fileExists(atPath: url.path) {
            let process = Process()
            process.executableURL = TestGPU.root.appendingPathComponent("scripts/prepare-models")
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ONNXError.invalidModel("scripts/prepare-models failed") }
        }
        return url
    }
}
