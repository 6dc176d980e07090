import Foundation
@testable import ONNX

/// ONNX test-data directories: model.onnx plus test_data_set_*/input_*.pb and output_*.pb.
struct TestCaseDirectory {
    let url: URL
    var name: String { url.lastPathComponent }

    struct DataSet {
        var inputs: [Tensor]
        var outputs: [Tensor]
    }

    func dataSets() throws -> [DataSet] {
        let manager = FileManager.default
        let sets = try manager.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("test_data_set_") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try sets.map { set in
            DataSet(inputs: try Self.tensors(in: set, prefix: "input_"), outputs: try Self.tensors(in: set, prefix: "output_"))
        }
    }

    static func tensors(in directory: URL, prefix: String) throws -> [Tensor] {
        var tensors: [Tensor] = []
        while case let file = directory.appendingPathComponent("\(prefix)\(tensors.count).pb"),
              FileManager.default.fileExists(atPath: file.path) {
            tensors.append(try Tensor(serializedTensorProto: try Data(contentsOf: file)))
        }
        return tensors
    }

    /// Test directories under `root` whose names start with `test_`.
    static func all(under root: String) -> [TestCaseDirectory] {
        let base = URL(fileURLWithPath: root)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasPrefix("test_") }.sorted().map { TestCaseDirectory(url: base.appendingPathComponent($0)) }
    }
}

/// How far `actual` is from `expected`: nil when within tolerance, else a description of the worst element.
func mismatch(_ actual: Tensor, _ expected: Tensor, relative: Float, absolute: Float) -> String? {
    guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    if !expected.type.isFloat {
        return actual.int64s == expected.int64s ? nil : "values differ: \(actual.int64s.prefix(8)) vs \(expected.int64s.prefix(8))"
    }
    let (a, e) = (actual.floats, expected.floats)
    for index in e.indices {
        if e[index].isNaN && a[index].isNaN { continue }
        if e[index].isInfinite && a[index] == e[index] { continue }
        if !(abs(a[index] - e[index]) <= absolute + relative * abs(e[index])) {
            return "element \(index): \(a[index]), expected \(e[index])"
        }
    }
    return nil
}

/// The worst error relative to the reference's largest magnitude.
func relativeError(_ actual: Tensor, _ expected: Tensor) -> Float {
    let scale = expected.floats.map(abs).max() ?? 1
    return zip(actual.floats, expected.floats).map { abs($0 - $1) }.max().map { $0 / max(scale, 1e-30) } ?? 0
}
