import Foundation
@testable import ONNX

/// One GPU context for the whole test run: sessions share its device and compiled pipelines.
enum TestGPU {
    private static let shared = Task { try await GPUContext.makeDefault() }

    static func context() async throws -> GPUContext { try await shared.value }

    static func session(_ model: Data) async throws -> InferenceSession {
        try await InferenceSession(model: model, options: .init(context: try await context()))
    }

    /// The repository root (tests run from it under `swift test`, but resolve it from this file to be sure).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
