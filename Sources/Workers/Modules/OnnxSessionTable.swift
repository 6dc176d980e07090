import ONNX

/// The inference sessions one isolate created, by the number its JS `InferenceSession` holds, and the one
/// GPU context all sessions of the process share (one device: compiled pipelines and memory are shared,
/// and a second session costs no new device).
final class OnnxSessionTable: Sendable {
    private let handles = HandleTable<InferenceSession>()

    func add(_ session: InferenceSession) -> Int { handles.add(session) }

    func session(_ id: Int) throws -> InferenceSession {
        try handles.value(id, orThrow: OnnxModuleError.type("this InferenceSession has been released"))
    }

    func release(_ id: Int) { handles.remove(id) }

    private static let sharedContext = Task { try await GPUContext.makeDefault() }

    static func gpuContext() async throws -> GPUContext { try await sharedContext.value }
}
