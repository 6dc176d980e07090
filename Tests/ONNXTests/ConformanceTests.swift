import Foundation
import Testing
@testable import ONNX

/// Runs ONNX's backend node tests (Debian libonnx-testdata) and the onnx wheel's simple/pytorch test
/// data. Every test whose ops Kiln implements must pass; tests using ops or element types Kiln does not
/// implement are counted as unsupported and listed in the report.
@Suite struct ConformanceTests {
    static let suites = ["/usr/share/libonnx-testdata/data/node", "/usr/share/libonnx-testdata/data/simple",
                         "/usr/share/libonnx-testdata/data/pytorch-operator", "/usr/share/libonnx-testdata/data/pytorch-converted"]

    enum Outcome { case passed, failed(String), unsupported(String) }

    /// - Parameter cpuKernels: force a kernel family (nil: the adapter's own).
    static func run(_ test: TestCaseDirectory, cpuKernels: Bool? = nil) async -> Outcome {
        do {
            let model = try Data(contentsOf: test.url.appendingPathComponent("model.onnx"))
            let session = try await InferenceSession(model: model, options: .init(context: try await TestGPU.context(), cpuKernels: cpuKernels))
            for set in try test.dataSets() {
                guard set.inputs.count == session.inputNames.count else {
                    return .unsupported("\(set.inputs.count) inputs for \(session.inputNames.count) graph inputs (optional inputs)")
                }
                let feeds = Dictionary(uniqueKeysWithValues: zip(session.inputNames, set.inputs))
                let results = try await session.run(feeds: feeds)
                for (name, expected) in zip(session.outputNames, set.outputs) {
                    guard let actual = results[name] else { return .failed("no output \(name)") }
                    if let problem = mismatch(actual, expected, relative: 1e-3, absolute: 1e-4) {
                        return .failed("output \(name): \(problem)")
                    }
                }
            }
            return .passed
        } catch let error as ONNXError {
            switch error {
            case .unsupportedOperator, .unsupportedType, .unsupportedOpset: return .unsupported("\(error)")
            default: return .failed("\(error)")
            }
        } catch {
            return .failed("\(error)")
        }
    }

    @Test func implementedOpsPassBackendTests() async throws {
        var passed: [String] = [], failed: [String] = [], unsupported: [String] = []
        for suite in Self.suites {
            for test in TestCaseDirectory.all(under: suite) {
                switch await Self.run(test) {
                case .passed: passed.append(test.name)
                case .failed(let reason): failed.append("\(test.name): \(reason)")
                case .unsupported(let reason): unsupported.append("\(test.name): \(reason)")
                }
            }
        }
        var report = "ONNX backend conformance — passed \(passed.count), failed \(failed.count), unsupported \(unsupported.count)\n"
        report += failed.map { "  FAILED \($0)" }.joined(separator: "\n")
        if ProcessInfo.processInfo.environment["KILN_ONNX_VERBOSE"] != nil {
            report += "\n" + unsupported.map { "  unsupported \($0)" }.joined(separator: "\n")
        }
        print(report)
        #expect(passed.count > 0)
        #expect(failed.isEmpty, "\(failed.count) backend tests of implemented ops failed")
    }

    /// The matrix and convolution tests again on the other kernel family than the adapter's own, so the GPU
    /// tiles (chosen per problem) are checked on lavapipe and the CPU-adapter kernels on GPUs.
    @Test func matrixAndConvTestsPassOnTheOtherKernelFamily() async throws {
        let other = !(try await TestGPU.context().device.adapterInfo.adapterType == .cpu)
        var passed = 0
        var failed: [String] = []
        for suite in Self.suites {
            for test in TestCaseDirectory.all(under: suite) where ["conv", "gemm", "matmul"].contains(where: test.name.lowercased().contains) {
                switch await Self.run(test, cpuKernels: other) {
                case .passed: passed += 1
                case .failed(let reason): failed.append("\(test.name): \(reason)")
                case .unsupported: break
                }
            }
        }
        print("ONNX matrix/conv conformance on \(other ? "CPU-adapter" : "GPU") kernels — passed \(passed), failed \(failed.count)\n" + failed.joined(separator: "\n"))
        #expect(passed > 20)
        #expect(failed.isEmpty, "\(failed.count) matrix/conv backend tests failed on the other kernel family")
    }
}
