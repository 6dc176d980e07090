import Foundation
import Storage

/// One `[[durable_objects.bindings]]` entry at run time: its ids, and its live objects (one per id),
/// each in its own isolate and reached only through its input gate.
final class DurableObjectNamespaceHost: @unchecked Sendable {
    let binding: DurableObjectBinding
    let ids: DurableObjectIdFactory
    unowned let generation: WorkerGeneration
    let directory = DurableObjectDirectory<ScriptHost>()
    /// The live objects again, readable without a hop onto the directory actor: a call to a live object
    /// goes from the caller's isolate straight to the object's.
    private let liveLock = NSLock()
    private var live: [String: ScriptHost] = [:]

    init(binding: DurableObjectBinding, workerName: String, generation: WorkerGeneration) {
        self.binding = binding
        self.generation = generation
        // Ids depend on the Worker and class, not the binding name, so renaming a binding keeps the objects.
        ids = DurableObjectIdFactory(uniqueKey: "\(workerName):\(binding.className)")
    }

    /// The live object for `id`, constructed (running its JS constructor) on first use.
    func object(_ id: DurableObjectId) async throws -> ScriptHost {
        if binding.isExternal(toWorker: generation.project.config.name) {
            throw ScriptFailure(name: "Error", message: binding.notConnectedMessage)
        }
        let object = try await directory.instance(for: id.hex) { [generation, binding] in
            let storage = try generation.storageRoot.storage(className: binding.className, objectID: id.hex)
            return try await ScriptHost.start(
                generation: generation, role: .durableObject(self, id, DurableObjectStorageHandle(storage: storage)))
        }
        if object.outputGate?.failure == nil { liveLock.withLock { live[id.hex] = object } }
        return object
    }

    /// Drops a broken object, so the next request for `id` constructs a new one.
    func forget(_ id: DurableObjectId, instance: ScriptHost) {
        liveLock.withLock { if live[id.hex] === instance { live[id.hex] = nil } }
        let directory = self.directory
        Task { await directory.evict(id.hex) { $0 === instance } }
    }

    typealias FetchReply = (status: Int, headers: [(name: String, value: String)], body: [UInt8])

    /// `stub.fetch()`: the object's Response with its whole body, or the failure, handed to `reply` on the
    /// object's thread. A live object gets the request directly; otherwise a task constructs it first.
    func fetch(_ id: DurableObjectId, _ request: WorkerRequest, reply: @escaping @Sendable (Result<FetchReply, Error>) -> Void) {
        if let object = liveLock.withLock({ live[id.hex] }), object.outputGate?.failure == nil {
            Self.fetch(from: object, request, reply: reply)
            return
        }
        Task {
            do { Self.fetch(from: try await self.object(id), request, reply: reply) } catch { reply(.failure(error)) }
        }
    }

    private static func fetch(from object: ScriptHost, _ request: WorkerRequest,
                              reply: @escaping @Sendable (Result<FetchReply, Error>) -> Void) {
        object.dispatch(request) { result in
            switch result {
            case .failure(let failure):
                reply(.failure(failure))
            case .success(let response):
                switch response.body {
                case .bytes(let bytes):
                    reply(.success((response.status, response.headers, bytes)))
                case .stream(let chunks):
                    Task {
                        do {
                            var body: [UInt8] = []
                            for try await chunk in chunks { body += chunk }
                            reply(.success((response.status, response.headers, body)))
                        } catch {
                            reply(.failure(error))
                        }
                    }
                }
            }
        }
    }

    /// An RPC method call on the object; arguments and result are serialized text.
    func call(_ id: DurableObjectId, method: String, argumentsText: String) async throws -> String? {
        let object = try await object(id)
        return try await object.call("callObject") { ctx in [ctx.string(method), ctx.string(argumentsText)] }
    }

    /// Runs `alarm()` on the object (constructing it if needed).
    func runAlarm(objectID: String) async throws {
        let object = try await object(try ids.idFromString(objectID))
        _ = try await object.call("runAlarm") { _ in [] }
    }

    func shutdown() async {
        liveLock.withLock { live.removeAll() }
        for object in await directory.evictAll() { await object.shutdown() }
    }
}
