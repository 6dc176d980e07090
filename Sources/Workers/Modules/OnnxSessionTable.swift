import Foundation
import ONNX

/// The inference sessions one isolate created, by the number its JS `InferenceSession` holds, and the one
/// GPU context all sessions of the process share (one device: compiled pipelines and memory are shared,
/// and a second session costs no new device).
final class OnnxSessionTable: @unchecked Sendable {
    private let lock = NSLock()
    private var sessions: [Int: InferenceSession] = [:]
    private var nextID = 1

    func add(_ session: InferenceSession) -> Int {
        lock.withLock {
            let id = nextID
            nextID += 1
            sessions[id] = session
            return id
        }
    }

    func session(_ id: Int) throws -> InferenceSession {
        guard let session = lock.withLock({ sessions[id] }) else {
            throw OnnxModuleError.type("this InferenceSession has been released")
        }
        return session
    }

    func release(_ id: Int) {
        _ = lock.withLock { sessions.removeValue(forKey: id) }
    }

    private static let sharedContext = Task { try await GPUContext.makeDefault() }

    static func gpuContext() async throws -> GPUContext { try await sharedContext.value }
}
