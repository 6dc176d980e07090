import Foundation
import Storage

/// Serves one Workers project: loads it, answers requests through its `fetch` handler, runs Durable Objects
/// and their alarms, and reloads on demand (live reload). What `kiln dev` is built on.
public final class WorkerRuntime: WorkerRequestHandler, @unchecked Sendable {
    public struct Options: Sendable {
        /// Folder for Durable Object / R2 state (`.kiln/state`); nil keeps state in memory.
        public var persistDirectory: String?
        /// CPU time one event may use; an overrun answers 503 and the isolate lives on.
        public var cpuTimeLimit: Duration?
        /// Receives `console.*` output of the Worker and errors with their JS stacks.
        public var log: @Sendable (String) -> Void
        /// How many isolates run the Worker (each request goes to the least busy); objects are one per id.
        public var workerIsolates: Int
        /// What `kiln dev` runs the Worker in: one isolate per core, at most 4 (Durable Objects add their own).
        public static var defaultWorkerIsolates: Int { min(ProcessInfo.processInfo.activeProcessorCount, 4) }
        /// The origin (`http://host:port`) that `ctx.passThroughOnException()` passes failed requests to;
        /// nil: there is none, as in `wrangler dev` without routes.
        public var upstream: String?

        public init(persistDirectory: String? = nil, cpuTimeLimit: Duration? = .seconds(30), workerIsolates: Int = 1,
                    upstream: String? = nil, log: @escaping @Sendable (String) -> Void = { print($0) }) {
            self.persistDirectory = persistDirectory
            self.cpuTimeLimit = cpuTimeLimit
            self.workerIsolates = max(1, workerIsolates)
            self.upstream = upstream
            self.log = log
        }
    }

    public let projectDirectory: String
    public let options: Options
    let storageRoot: DurableObjectStorageRoot
    private let alarms: AlarmRunner
    private let lock = NSLock()
    private var generation: WorkerGeneration?
    private var currentConfig: WranglerConfig
    private var problem: ScriptFailure?
    private var reloading: Task<Void, Never>?

    /// Loads the project. A configuration error is thrown (`ConfigError`); a script that fails to load
    /// (syntax error, throwing top level) is reported by `loadProblem` and answered with 500 until reloaded.
    public init(projectDirectory: String, options: Options = Options()) async throws {
        self.projectDirectory = projectDirectory
        self.options = options
        let alarms = AlarmRunner(log: options.log)
        self.alarms = alarms
        storageRoot = DurableObjectStorageRoot(stateDirectory: options.persistDirectory, scheduler: alarms.scheduler)
        let project = try WorkerProject.load(directory: projectDirectory)
        currentConfig = project.config
        alarms.runtime = self
        await install(project)
        _ = try? storageRoot.schedulePersistedAlarms()
    }

    public var config: WranglerConfig { lock.withLock { currentConfig } }

    /// Why the current code is not running (file:line and message), or nil when it is.
    public var loadProblem: String? { lock.withLock { problem?.logText } }

    /// Re-reads configuration and modules; Durable Object instances restart with the new code.
    /// Reloads run one after another, in the order they were asked for.
    public func reload() async {
        let task: Task<Void, Never> = lock.withLock {
            let previous = reloading
            let task = Task { [self] in
                await previous?.value
                await reloadNow()
            }
            reloading = task
            return task
        }
        await task.value
    }

    private func reloadNow() async {
        let project: WorkerProject
        do {
            project = try WorkerProject.load(directory: projectDirectory)
        } catch {
            options.log("✘ [ERROR] \(error)")
            await replace(with: nil, problem: ScriptFailure(name: "ConfigError", message: "\(error)"))
            return
        }
        for warning in project.config.warnings where !config.warnings.contains(warning) {
            options.log("▲ [WARNING] \(warning)")
        }
        await install(project)
    }

    private func install(_ project: WorkerProject) async {
        do {
            let next = try await WorkerGeneration.start(project: project, options: options, storageRoot: storageRoot)
            await replace(with: next, problem: nil, config: project.config)
        } catch {
            let failure = ScriptFailure(error)
            options.log("✘ [ERROR] \(project.mainModule) failed to load: \(failure.logText)")
            await replace(with: nil, problem: failure, config: project.config)
        }
    }

    /// Swaps in the new code; the old isolates stop once the swap is done (their storage stays open).
    private func replace(with next: WorkerGeneration?, problem: ScriptFailure?, config: WranglerConfig? = nil) async {
        let old: WorkerGeneration? = lock.withLock {
            let old = generation
            generation = next
            self.problem = problem
            if let config { currentConfig = config }
            return old
        }
        await old?.shutdown()
    }

    var currentGeneration: WorkerGeneration? { lock.withLock { generation } }

    public func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void) {
        guard let generation = currentGeneration else {
            let text = loadProblem ?? "The Worker is not loaded"
            reply(.text(500, "The Worker failed to load:\n\(text)\n"))
            return
        }
        let log = options.log
        generation.workers.dispatch(request) { result in
            switch result {
            case .success(let response):
                reply(response)
            case .failure(let failure):
                log("✘ [ERROR] \(failure.exceededCPUTimeLimit ? "CPU time limit exceeded" : "Uncaught \(failure.logText)")")
                reply(failure.response)
            }
        }
    }

    public func shutdown() async {
        let old = lock.withLock { () -> WorkerGeneration? in
            defer { generation = nil }
            return generation
        }
        await old?.shutdown()
    }

    /// Runs a due alarm in the current code (called by `AlarmRunner`).
    func runAlarm(_ target: AlarmTarget) async throws {
        guard let namespace = currentGeneration?.namespace(forClass: target.className) else {
            throw ScriptFailure(name: "Error", message: "no Durable Object class \(target.className) is bound")
        }
        try await namespace.runAlarm(objectID: target.objectID)
    }
}
