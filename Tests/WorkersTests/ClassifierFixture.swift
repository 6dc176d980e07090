import Foundation
import Imaging
import Storage
@testable import Workers

/// What the classifier tests share: the repository's paths, the model (built once by scripts/prepare-models
/// when missing), a copy of examples/classifier in a temporary folder, and multipart uploads.
enum ClassifierFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let model = repository + "/models/efficientnet-lite0.onnx"
    static let labels = repository + "/examples/classifier/src/imagenet-labels.json"
    static let images = repository + "/.deps/fixtures/images"
    static let python = repository + "/.deps/venv/bin/python"

    private static let preparation = Mutex()

    /// Builds the model and the example's labels with scripts/prepare-models unless both exist (~15 s).
    static func ensureModel() throws {
        try preparation.withLock {
            let fm = FileManager.default
            guard !fm.fileExists(atPath: model) || !fm.fileExists(atPath: labels) else { return }
            let output = try run(repository + "/scripts/prepare-models", [])
            guard fm.fileExists(atPath: model), fm.fileExists(atPath: labels) else {
                throw FixtureError("scripts/prepare-models did not produce the model and labels:\n\(output)")
            }
        }
    }

    /// A copy of examples/classifier (its src and wrangler.toml, plus `vars` appended) in a new folder.
    static func project(vars: [String: String] = [:]) throws -> String {
        let root = NSTemporaryDirectory() + "kiln-classifier-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.copyItem(atPath: repository + "/examples/classifier/src", toPath: root + "/src")
        var toml = try String(contentsOfFile: repository + "/examples/classifier/wrangler.toml", encoding: .utf8)
        for (name, value) in vars.sorted(by: { $0.key < $1.key }) { toml += "\(name) = \"\(value)\"\n" }
        try toml.write(toFile: root + "/wrangler.toml", atomically: true, encoding: .utf8)
        return root
    }

    /// `kiln r2 object put model-bucket-dev/efficientnet-lite0.onnx --local`, done through the Storage module.
    static func uploadModel(project root: String) throws {
        let bucket = try R2Storage(stateDirectory: root + "/.kiln/state").bucket(named: "model-bucket-dev")
        _ = try bucket.put("efficientnet-lite0.onnx", contentsOfFile: model)
    }

    static func photo(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: images + "/" + name)))
    }

    /// A multipart/form-data body with one part; `filename: nil` makes it a plain text field.
    static func multipart(field: String, filename: String?, bytes: [UInt8]) -> (contentType: String, body: [UInt8]) {
        let boundary = "kiln-boundary-\(UUID().uuidString)"
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\""
        if let filename { head += "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream" }
        head += "\r\n\r\n"
        let body = Array(head.utf8) + bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// The tensor the Worker feeds the model for `photo`: kiln:image's decodeToTensor, same options.
    static func tensor(_ photo: [UInt8]) throws -> [Float] {
        try ImageDecoder().decodeTensor(photo, TensorOptions(width: 224, height: 224, mean: [0.485, 0.456, 0.406],
                                                             std: [0.229, 0.224, 0.225], layout: .nchw))
    }

    /// onnxruntime's (CPU) top class for each tensor, from the venv's Python.
    static func onnxruntimeTopClasses(_ tensors: [[Float]]) throws -> [Int] {
        let file = NSTemporaryDirectory() + "kiln-classifier-tensors-\(UUID().uuidString).f32"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let data = tensors.flatMap { $0 }.withUnsafeBytes { Data($0) }
        try data.write(to: URL(fileURLWithPath: file))
        let script = """
            import sys, numpy as np, onnxruntime as ort
            x = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 3, 224, 224)
            session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
            print(" ".join(str(int(i)) for i in session.run(None, {"input": x})[0].argmax(axis=1)))
            """
        let output = try run(python, ["-c", script, model, file])
        return output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }

    /// `wnid label` lines by class index, from the labels file the Worker imports.
    static func labelLines() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: labels))
        guard let pairs = try JSONSerialization.jsonObject(with: data) as? [[String]] else { throw FixtureError("bad labels file") }
        return pairs.map { "\($0[0]) \($0[1])" }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("\(executable) \(arguments.first ?? "") exited with \(process.terminationStatus):\n\(output)")
        }
        return output
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A lock for static state shared by concurrently running tests.
final class Mutex: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }
}
