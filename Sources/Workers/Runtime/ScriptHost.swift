import Foundation
import GPUBindings
import JavaScript

/// One isolate running the project's code, either as the Worker or as one Durable Object instance:
/// Web APIs and the Workers glue installed, modules loaded, `env` built, and the request target ready.
final class ScriptHost: @unchecked Sendable {
    enum Role {
        case worker
        case durableObject(DurableObjectNamespaceHost, DurableObjectId, DurableObjectStorageHandle)
    }

    let isolate: Isolate
    let generation: WorkerGeneration
    let context: RuntimeContext
    let sinks = ResponseSinks()
    /// Set for Durable Objects: events reach the object only through it.
    private(set) var gate: InputGate?
    /// Set for Durable Objects: storage writes, and output held until they are committed.
    private(set) var outputGate: OutputGate?
    // JS values below are created and used on the isolate thread only.
    var workers: JSValue!
    var env: JSValue!
    var target: JSValue!
    /// `workers.dispatch`, looked up once.
    var dispatchFunction: JSValue!
    /// Told (on the isolate thread) when this Worker isolate must be replaced; see `retireAfterMicrotaskStop`.
    var onRetire: ((ScriptHost) -> Void)?

    /// Starts an isolate for `role`, loads the project's modules into it and prepares the request target
    /// (for an object: runs its constructor). Throws `ScriptFailure` (syntax errors carry file:line).
    static func start(generation: WorkerGeneration, role: Role) async throws -> ScriptHost {
        let host = try ScriptHost(generation: generation, role: role)
        do {
            // Awaited, not waited for: setting up takes a while (more under load), and a caller blocked on a
            // thread of Swift concurrency's pool (as many threads as cores) stalls every other task meanwhile.
            try await host.isolate.run { ctx in try host.setUp(ctx, role: role) }
            let namespace = try await host.isolate.run { ctx in try host.importMain(ctx) }
            let exports = try await namespace.resolved()
            try await host.isolate.run { ctx in try host.prepareTarget(exports, ctx, role: role) }
        } catch {
            await host.isolate.stop()
            throw ScriptFailure(error)
        }
        return host
    }

    private init(generation: WorkerGeneration, role: Role) throws {
        self.generation = generation
        let project = generation.project
        let kind: ExecutionContextKind
        var label = project.config.name ?? "worker"
        switch role {
        case .worker:
            kind = .worker
        case .durableObject(let namespace, let id, _):
            kind = .durableObject(className: namespace.binding.className, id: id.hex, hasStorage: true)
            label = "\(namespace.binding.className):\(id.hex.prefix(8))"
        }
        context = RuntimeContext(compatibilityFlags: project.config.compatibilityFlags,
                                 compatibilityDate: project.config.compatibilityDate, kind: kind)
        isolate = try Isolate(options: .init(name: label, cpuTimeLimit: generation.options.cpuTimeLimit))
        if case .durableObject(let namespace, let id, let storage) = role {
            gate = InputGate(isolate: isolate)
            let output = OutputGate(storage: storage, isolate: isolate)
            output.onBreak = { [unowned self] failure in self.breakObject(failure, namespace: namespace, id: id) }
            outputGate = output
        }
        let sinks = self.sinks
        let log = generation.options.log
        isolate.uncaughtErrorHandler = { [weak self] uncaught in
            let failure = ScriptFailure(uncaught.error)
            // A CPU-limit stop can land in any later task of a request; fail what is open so nothing hangs.
            if failure.exceededCPUTimeLimit { sinks.failAll(failure) }
            log("✘ [ERROR] Uncaught (\(uncaught.source.rawValue)) \(failure.logText)")
            if failure.exceededCPUTimeLimit && uncaught.source == .microtask { self?.retireAfterMicrotaskStop(failure, role: role) }
        }
    }

    private func setUp(_ ctx: JSContext, role: Role) throws {
        context.attachToCurrentThread()
        let host = try IsolateSetup.installWebAPIs(ctx, console: generation.options.log)
        // navigator.gpu (GPUBindings): usable only where webgpuUnavailableReason is nil.
        try GPUBindings.install(in: ctx, unavailableReason: context.webgpuUnavailableReason)
        let native = ctx.object()
        installResponseNatives(native, ctx)
        installNamespaceNatives(native, ctx)
        if case .durableObject(_, _, let storage) = role {
            installStorageNatives(native, ctx, storage: storage)
        }
        workers = ctx.object()
        let kiln = try ctx.object(["native": native, "workers": workers, "host": host])
        for script in WorkerScripts.wrapped {
            let body = try ctx.evaluate(script.source, sourceURL: "kiln:workers/\(script.name).js", line: 0)
            try body.call([kiln])
        }
        try gateOutgoingFetch(native, ctx)
        if let upstream = generation.options.upstream { try workers.set("upstream", ctx.string(upstream)) }
        try ctx.evaluate("(w) => Object.defineProperty(globalThis, Symbol.for('kiln.workers'), { value: w })")
            .call([workers])
        let bindings = BindingEnvironment(config: generation.project.config,
                                          stateDirectory: generation.options.persistDirectory, context: context)
        for provider in BindingProviders.all { try provider.install(in: ctx, workers: workers, environment: bindings) }
        dispatchFunction = workers["dispatch"]
        env = try workers.callMethod("makeEnv", [ctx.parseJSON(generation.envSpecJSON)])
        try workers.set("env", env)
    }

    /// Starts loading the main module; returns the promise of its namespace.
    private func importMain(_ ctx: JSContext) throws -> JSValue {
        let project = generation.project
        IsolateSetup.configureModules(ctx.modules, project)
        let namespace = ctx.modules.importModule(project.directory + "/" + project.mainModule)
        // Swift awaits this promise a task later; mark it handled now so a load error is not also
        // reported as an unhandled rejection.
        _ = try namespace.callMethod("catch", [ctx.function("ignore") { ctx, _, _ in ctx.undefined }])
        return namespace
    }

    private func prepareTarget(_ exports: JSValue, _ ctx: JSContext, role: Role) throws {
        switch role {
        case .worker:
            target = try workerTarget(exports, ctx)
        case .durableObject(let namespace, let id, _):
            target = try workers.callMethod("constructObject", [
                exports, ctx.string(namespace.binding.className), ctx.string(id.hex),
                id.name.map(ctx.string) ?? ctx.null, env,
            ])
        }
    }

    /// Module syntax (`export default { fetch }`) or service-worker syntax (`addEventListener('fetch')`).
    private func workerTarget(_ exports: JSValue, _ ctx: JSContext) throws -> JSValue {
        let handler = exports["default"]
        if handler.isObject {
            return try ctx.object(["kind": ctx.string("module"), "handler": handler])
        }
        if try workers.callMethod("hasFetchListeners").toBool() {
            return try ctx.object(["kind": ctx.string("service")])
        }
        throw ScriptFailure(name: "Error", message:
            "\(generation.project.mainModule) has no default export with a fetch() handler and adds no 'fetch' listener")
    }

    /// Runs one event on the isolate: directly for the Worker, through the input gate for an object.
    func deliver(_ event: @escaping (JSContext) throws -> Void) {
        if let gate { gate.deliver(event) } else { isolate.enqueue(event) }
    }

    /// Passes `request` to the JS handler; `reply` gets the Response as soon as its head is known (the body
    /// then streams), or the failure. It is called on the isolate thread, or wherever the failure is noticed.
    func dispatch(_ request: WorkerRequest, reply: @escaping @Sendable (Result<WorkerResponse, ScriptFailure>) -> Void) {
        let sinks = self.sinks
        if let failure = outputGate?.failure { return reply(.failure(failure)) }
        let id = sinks.begin(requestBody: request.bodyStream) { result, sink in
            reply(result.map { WorkerResponse(status: $0.status, headers: $0.headers, body: sinks.body(of: sink)) })
        }
        // Checked here, off the isolate thread: a URL already in its serialized form is not parsed again in JS.
        let urlIsSerialized = SerializedURL.isSerialized(request.url)
        deliver { ctx in
            do {
                let headers = ctx.string(HeaderBlock.join(request.headers))
                // `true`: the body streams, and JS pulls it through `native.requestBodyRead(sink)`.
                let body = request.bodyStream != nil ? ctx.bool(true)
                    : request.body.isEmpty ? ctx.null : try ctx.uint8Array(request.body)
                try self.dispatchFunction.call([
                    ctx.number(id), self.target, self.env, ctx.string(request.method), ctx.string(request.url),
                    ctx.bool(urlIsSerialized), headers, body,
                ], this: self.workers)
            } catch {
                sinks.fail(id, ScriptFailure(error))
            }
        }
    }

    func dispatch(_ request: WorkerRequest) async -> Result<WorkerResponse, ScriptFailure> {
        await withCheckedContinuation { continuation in dispatch(request) { continuation.resume(returning: $0) } }
    }

    /// Runs a glue function that returns a promise (RPC, alarms) as one event; gives back its result as text
    /// (`undefined` gives nil).
    func call(_ method: String, _ arguments: @escaping (JSContext) throws -> [JSValue]) async throws -> String? {
        let promise: JSValue = try await withCheckedThrowingContinuation { continuation in
            deliver { ctx in
                continuation.resume(with: Result {
                    try self.workers.callMethod(method, [self.target] + arguments(ctx))
                })
            }
        }
        do {
            let value = try await promise.resolved()
            return try await isolate.run { _ in
                // The result leaves the object: the writes that led to it are committed first.
                try self.outputGate?.flush()
                return value.isUndefined ? nil : try value.toString()
            }
        } catch {
            throw ScriptFailure(error)
        }
    }

    /// JSC's watchdog does not reliably stop a later runaway loop in an isolate whose CPU-limit stop landed
    /// in a microtask (the stop is taken after the call returned; see `Isolate.topLevel`), so such an
    /// isolate is replaced rather than trusted again: an object resets (its next request constructs it
    /// anew, as after a failed commit), a Worker isolate is swapped for a fresh one by its pool.
    private func retireAfterMicrotaskStop(_ failure: ScriptFailure, role: Role) {
        switch role {
        case .durableObject(let namespace, let id, _):
            breakObject(failure, namespace: namespace, id: id)
        case .worker:
            onRetire?(self)
        }
    }

    func shutdown() async {
        // Writes still pending at a reload or exit are committed, as a Durable Object's would be.
        if let outputGate { try? await isolate.run { _ in try outputGate.flush() } }
        sinks.close(ScriptFailure(name: "Error", message: "The Worker was reloaded"))
        await isolate.stop()
    }
}
