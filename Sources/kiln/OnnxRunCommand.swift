import ArgumentParser
import Foundation
import Imaging
import ONNX

/// `kiln onnx run MODEL --image PHOTO [--top 5]`: classifies a photo (decode, resize the shorter side to
/// 256, center-crop 224, ImageNet mean/std) or runs the model on a tensor file, and prints the result.
struct OnnxRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a model on a photo (image classifiers) or on a tensor file.")

    @Argument(help: "Path to an .onnx file.") var model: String
    @Option(help: "A JPEG or PNG photo to classify.") var image: String?
    @Option(help: "A tensor file (.npy or ONNX TensorProto .pb) for the model's first input.") var input: String?
    @Option(help: "How many classes to print.") var top = 5
    @Option(help: "Labels, one per class index (\"synset<TAB>name\" or \"name\").") var labels = "models/imagenet-labels.txt"
    @Option(help: "Input side length for --image.") var size = 224
    @Option(help: KernelFamily.help) var kernels = KernelFamily.auto

    func run() async throws {
        let session = try await InferenceSession(contentsOf: URL(fileURLWithPath: model), options: .init(cpuKernels: kernels.cpuKernels))
        guard let firstInput = session.inputs.first else { throw ValidationError("the model has no inputs") }
        let inputName = firstInput.name
        let tensor: Tensor
        if let image {
            tensor = try Self.preprocess(photo: image, size: size, type: firstInput.type == .float16 ? .float16 : .float32)
        } else if let input {
            let data = try Data(contentsOf: URL(fileURLWithPath: input))
            tensor = input.hasSuffix(".npy") ? try Tensor(npy: data) : try Tensor(serializedTensorProto: data)
        } else {
            throw ValidationError("give --image PHOTO or --input FILE")
        }
        let start = Date()
        let outputs = try await session.run(feeds: [inputName: tensor])
        let elapsed = Date().timeIntervalSince(start)
        guard let name = session.outputNames.first, let output = outputs[name] else { return }
        print("\(name): \(output.type.rawValue)\(output.shape) in \(String(format: "%.1f", elapsed * 1000)) ms (first run includes compiling)")
        guard image != nil || output.shape.last ?? 0 > 1 else {
            print(output.floats.prefix(16).map { String($0) }.joined(separator: " "))
            return
        }
        let names = Self.loadLabels(labels)
        let logits = Array(output.floats.suffix(output.shape.last ?? 0))
        let maximum = logits.max() ?? 0
        let exps = logits.map { exp($0 - maximum) }
        let total = exps.reduce(0, +)
        for (rank, index) in logits.indices.sorted(by: { logits[$0] > logits[$1] }).prefix(top).enumerated() {
            let label = index < names.count ? names[index] : "class \(index)"
            print(String(format: "%d. %5.2f%%  %4d  ", rank + 1, exps[index] / total * 100, index) + label)
        }
    }

    /// Standard ImageNet preprocessing into a [1, 3, size, size] tensor of `type` (float32 or float16).
    static func preprocess(photo: String, size: Int, type: ElementType) throws -> Tensor {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: photo)))
        let decoded = try Image.decode(bytes)
        let scale = Double(size) * 256 / 224 / Double(min(decoded.width, decoded.height))
        let resized = try decoded.resized(width: max(size, Int((Double(decoded.width) * scale).rounded())),
                                          height: max(size, Int((Double(decoded.height) * scale).rounded())))
        let cropped = try resized.centerCropped(width: size, height: size)
        let values = try cropped.toTensor(width: size, height: size, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
        return Tensor(shape: [1, 3, size, size], floats: values, type: type)
    }

    static func loadLabels(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { line in
            line.split(separator: "\t").last.map(String.init) ?? String(line)
        }
    }
}
