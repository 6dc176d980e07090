import Foundation
import Storage

/// One `[[durable_objects.bindings]]` entry at run time: its ids, and its live objects (one per id),
/// each in its own isolate and reached only through its input gate.
final class DurableObjectNamespaceHost: @unchecked Sendable {
    let binding: DurableObjectBinding
    let ids: DurableObjectIdFactory
    unowned let generation: WorkerGeneration
    let directory = DurableObjectDirectory<ScriptHost>()

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
        return try await directory.instance(for: id.hex) { [generation, binding] in
            let storage = try generation.storageRoot.storage(className: binding.className, objectID: id.hex)
            return try await ScriptHost.start(
                generation: generation, role: .durableObject(self, id, DurableObjectStorageHandle(storage: storage)))
        }
    }

    /// Drops a broken object, so the next request for `id` constructs a new one.
    func forget(_ id: DurableObjectId, instance: ScriptHost) {
        let directory = self.directory
        Task { await directory.evict(id.hex) { $0 === instance } }
    }

    /// `stub.fetch()`: the object's Response with its whole body (a failure rejects the caller's promise).
    func fetch(_ id: DurableObjectId, _ request: WorkerRequest) async throws -> (status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        let object = try await object(id)
        switch await object.dispatch(request) {
        case .failure(let failure):
            throw failure
        case .success(let response):
            var body: [UInt8] = []
            if case .stream(let chunks) = response.body {
                for try await chunk in chunks { body += chunk }
            } else if case .bytes(let bytes) = response.body {
                body = bytes
            }
            return (response.status, response.headers, body)
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
        for object in await directory.evictAll() { object.shutdown() }
    }
}
