import Foundation
import Storage

/// One loaded version of the project's code: the Worker's isolates and the Durable Object namespaces whose
/// objects run that code. Live reload replaces the whole generation; storage outlives it.
final class WorkerGeneration: @unchecked Sendable {
    let project: WorkerProject
    let options: WorkerRuntime.Options
    let storageRoot: DurableObjectStorageRoot
    /// `env` bindings description handed to every isolate's `workers.makeEnv`.
    let envSpecJSON: String
    private(set) var namespaces: [String: DurableObjectNamespaceHost] = [:]
    private(set) var workers: WorkerPool!

    /// Loads the project's code into the Worker's isolates (objects start later, on first use).
    static func start(project: WorkerProject, options: WorkerRuntime.Options,
                      storageRoot: DurableObjectStorageRoot) async throws -> WorkerGeneration {
        let generation = WorkerGeneration(project: project, options: options, storageRoot: storageRoot)
        generation.workers = try await WorkerPool.start(generation: generation, count: options.workerIsolates)
        return generation
    }

    private init(project: WorkerProject, options: WorkerRuntime.Options, storageRoot: DurableObjectStorageRoot) {
        self.project = project
        self.options = options
        self.storageRoot = storageRoot
        envSpecJSON = Self.envSpec(project.config)
        let workerName = project.config.name ?? "worker"
        for binding in project.config.durableObjects {
            namespaces[binding.name] = DurableObjectNamespaceHost(binding: binding, workerName: workerName, generation: self)
        }
    }

    static func envSpec(_ config: WranglerConfig) -> String {
        let vars = config.vars.map { "[\(ConfigValue.quoted($0.name)),\($0.value.jsonText)]" }.joined(separator: ",")
        let objects = config.durableObjects.map { ConfigValue.quoted($0.name) }.joined(separator: ",")
        let buckets = config.r2Buckets.map { ConfigValue.quoted($0.binding) }.joined(separator: ",")
        return #"{"vars":[\#(vars)],"durableObjects":[\#(objects)],"r2Buckets":[\#(buckets)]}"#
    }

    /// The namespace serving objects of `className` (alarms name the class, not the binding).
    func namespace(forClass className: String) -> DurableObjectNamespaceHost? {
        namespaces.values.first { $0.binding.className == className }
    }

    func shutdown() async {
        await workers.shutdown()
        for namespace in namespaces.values { await namespace.shutdown() }
    }
}
