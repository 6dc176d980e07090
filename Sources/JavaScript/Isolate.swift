// Kiln's JavaScript engine layer over JavaScriptCore's C API.
//
// API overview
// ============
// `Isolate` — one JSContextGroup (nothing shared with other isolates), one global context, ONE thread.
//     let isolate = try Isolate(options: .init(name: "worker", cpuTimeLimit: .milliseconds(50)))
//     let n = try await isolate.run { ctx in try ctx.evaluate("1 + 1").toDouble() }    // from any thread
//     isolate.enqueue { ctx in ... }            // fire-and-forget macrotask from any thread (GPU, HTTP, timers)
//     try isolate.runSync { ctx in ... }        // blocking variant (runs inline when already on the thread)
//     let v = try await isolate.runAndAwait { ctx in try handler.call([req]) }  // run, then await the promise
//     let ns = try await isolate.importModule("/abs/path/worker.js")           // ES module namespace
//     isolate.memoryUsage() / setCPUTimeLimit(_:) / uncaughtErrorHandler / shutdown()
//   The isolate lives until `shutdown()` (its thread keeps it alive); shutdown cancels queued work, fails pending
//   awaits with `IsolateError.shutDown`, and releases the context on the isolate's thread.
//   Globals installed by the core: setTimeout/setInterval/clearTimeout/clearInterval, queueMicrotask.
//
// Modules: `ctx.modules` (ModuleLoader: rules, builtins, rootDirectory, readFile; importModule(specifier, from:)
//   and importModule(source:path:) return a promise for the namespace). `BuiltinModules.shared.register(
//   "kiln:x", source: js)` or `register("kiln:x") { ctx in namespaceObject }`; `node:assert` is built in.
//   Module types follow wrangler's rules: ESModule, CommonJS (require/module.exports; imported, `default` is
//   module.exports), CompiledWasm, Text, Data, JSON. A syntax error names file:line:column.
//
// `JSContext` — the isolate's global context, handed to closures run on the isolate thread.
//     ctx.global, ctx.evaluate(source, sourceURL:, line:), ctx.undefined/null, ctx.number/string/bool,
//     ctx.object(), ctx.array([...]), ctx.date(Date), ctx.value(anyJSConvertible), ctx.error(JSError)
//     ctx.function("name", length:) { ctx, this, args in ... return ctx.undefined }   // native function
//     ctx.defineClass("Name", payload: P.self, parent:) { b in b.constructor{...}; b.method(...); b.getter(...) }
//     ctx.makePromise() -> (promise, JSPromiseResolver); ctx.promise({ async work }, then: { ctx, v in JSValue })
//     ctx.arrayBuffer(bytesNoCopy:count:deallocate:), ctx.arrayBuffer(copying:), ctx.uint8Array(...)
//
// `JSValue` — a JS value protected from GC while Swift holds it. Use it only on its isolate's thread (inside
//   run/enqueue closures and native callbacks); it may be *released* from any thread.
//     v.isUndefined/isNull/isNumber/isString/isObject/isArray/isFunction/isPromise/...
//     v.toDouble()/toInt32()/toString()/toBool()/toArray()/toDate()/toDictionary()
//     v["key"] (get), v.get("key")/set("key", x)/get(index:)/set(index:_:), v.keys, v.delete("key")
//     v.call(args, this:), v.callMethod("name", args), v.construct(args), v.isInstance(of: ctor)
//     v.withBytes { UnsafeMutableRawBufferPointer in } for ArrayBuffer / typed arrays / DataView (no copy)
//     try await v.resolved()   // await a promise (or any value) from Swift, from any async context
//
// Errors: a JS exception surfaces as `JSError` (name, message, stack, sourceURL/line/column, thrown value).
//   A Swift error thrown from a native function becomes a JS error: `JSError.typeError/rangeError/
//   syntaxError/domException(name:message:)` map to the matching JS type; other errors (or types conforming to
//   `JSErrorConvertible`) become `Error`s with their description.
//
// Threading rules: JSContext and JSValue are isolate-thread-only (checked by assertions in debug builds).
//   Isolate's methods are safe from any thread. Native callbacks run on the isolate thread. Payload finalizers
//   (deinit of a class payload) may run during GC and must not touch JS.
import CJavaScriptCore
import Foundation
import Logging

/// One JavaScriptCore VM with one global context and one dedicated thread that runs all of its JavaScript.
public final class Isolate: @unchecked Sendable {
    public struct Options: Sendable {
        /// Thread name (shows up in debuggers and crash logs).
        public var name: String
        /// CPU time one top-level call into JS may use (a task, a timer callback, a `run` body); nil = unlimited.
        public var cpuTimeLimit: Duration?
        /// Stack size of the isolate thread; JSC derives its recursion limit from it.
        public var stackSize: Int

        public init(name: String = "kiln.js", cpuTimeLimit: Duration? = nil, stackSize: Int = 16 << 20) {
            self.name = name
            self.cpuTimeLimit = cpuTimeLimit
            self.stackSize = stackSize
        }
    }

    /// An error that escaped to the top of the isolate's event loop.
    public struct UncaughtError: Sendable {
        public enum Source: String, Sendable { case unhandledRejection, timer, microtask, task }
        public let source: Source
        public let error: JSError
    }

    public let name: String
    let logger: Logger
    let queue: IsolateQueue
    /// Set once on the isolate thread before `init` returns; read only there afterwards.
    var threadID = pthread_t(bitPattern: 0)
    var contextStorage: JSContext?
    let timers = TimerHeap()
    /// Whether the watchdog stopped the current top-level call (set by the time-limit callback).
    var terminatedByTimeLimit = false
    var cpuTimeLimitSeconds: Double?
    /// Hooks run when the isolate runs out of work (Isolate+IdleWaits.swift). Isolate thread only.
    var idleWaits: [(_ mayBlock: Bool) -> IdleWaitOutcome] = []
    private let handlerLock = NSLock()
    private var handler: (@Sendable (UncaughtError) -> Void)?

    /// Creates the isolate and its thread, and installs the core globals. Returns once the context is ready.
    public init(options: Options = Options()) throws {
        name = options.name
        logger = Logger(label: "kiln.js.\(options.name)")
        queue = IsolateQueue()
        cpuTimeLimitSeconds = options.cpuTimeLimit.map(Self.seconds)
        try startThread(stackSize: options.stackSize)
    }

    /// Runs `body` on the isolate thread and returns its result. Safe from any thread or task, including from
    /// the isolate thread itself (the work is queued; the caller suspends, it does not block).
    public func run<T>(_ body: @escaping (JSContext) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let job = IsolateQueue.Job(
                run: { ctx in continuation.resume(with: Result { try self.topLevel(ctx) { try body(ctx) } }) },
                cancel: { continuation.resume(throwing: IsolateError.shutDown) })
            queue.push(job)
        }
    }

    /// Runs `body` on the isolate thread, blocking the caller until it is done. On the isolate thread it runs
    /// inline. Never call it from a thread the isolate's work waits on.
    public func runSync<T>(_ body: @escaping (JSContext) throws -> T) throws -> T {
        if isCurrentThread {
            guard let ctx = contextStorage else { throw IsolateError.shutDown }
            return try body(ctx)
        }
        let done = DispatchSemaphore(value: 0)
        let outcome = SyncOutcome<T>()
        queue.push(IsolateQueue.Job(
            run: { ctx in
                outcome.result = Result { try self.topLevel(ctx) { try body(ctx) } }
                done.signal()
            },
            cancel: { done.signal() }))
        done.wait()
        return try outcome.result.get()
    }

    /// Queues a macrotask; it runs on the isolate thread after the work queued before it. Errors it throws are
    /// reported to `uncaughtErrorHandler`. Dropped silently once the isolate is shut down.
    public func enqueue(_ task: @escaping (JSContext) throws -> Void) {
        queue.push(IsolateQueue.Job(
            run: { ctx in
                do { try self.topLevel(ctx) { try task(ctx) } } catch { self.reportUncaught(error, source: .task) }
            },
            cancel: {}))
    }

    /// Stops the thread: queued work is cancelled (awaiting callers get `IsolateError.shutDown`), timers are
    /// dropped, and the context is released. Idempotent; returns once the thread has finished.
    /// Calling it from the isolate thread itself requests the stop and returns at once.
    public func shutdown() {
        queue.requestStop()
        if !isCurrentThread { queue.waitUntilFinished() }
    }

    /// `shutdown()` for async callers: the same stop, but the caller suspends instead of blocking its thread
    /// (one of Swift concurrency's few) until the isolate thread has finished, which takes as long as the
    /// job it is running.
    public func stop() async {
        queue.requestStop()
        if isCurrentThread { return }
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            queue.whenFinished { finished.resume() }
        }
    }

    /// Whether the caller is on this isolate's thread.
    public var isCurrentThread: Bool { pthread_equal(pthread_self(), threadID) != 0 }

    /// Changes the per-call CPU-time limit (nil removes it). Takes effect from the next top-level call.
    public func setCPUTimeLimit(_ limit: Duration?) {
        enqueue { ctx in
            self.cpuTimeLimitSeconds = limit.map(Self.seconds)
            self.applyTimeLimit(ctx)
        }
    }

    /// Receives errors that reach the top of the event loop (unhandled rejections, throwing timers and tasks).
    /// The default logs them.
    public var uncaughtErrorHandler: (@Sendable (UncaughtError) -> Void)? {
        get { handlerLock.withLock { handler } }
        set { handlerLock.withLock { handler = newValue } }
    }

    /// Heap statistics of this isolate's VM.
    public func memoryUsage() async throws -> MemoryUsage {
        try await run { ctx in try MemoryUsage(ctx) }
    }

    func reportUncaught(_ error: Error, source: UncaughtError.Source) {
        let jsError = error as? JSError ?? JSError(name: "Error", message: String(describing: error))
        let report = UncaughtError(source: source, error: jsError)
        if let handler = uncaughtErrorHandler {
            handler(report)
        } else {
            logger.error("uncaught (\(source.rawValue)): \(jsError)")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Errors from the isolate machinery itself (not from JavaScript).
public enum IsolateError: Error, CustomStringConvertible, Sendable {
    case shutDown
    case startFailed(String)

    public var description: String {
        switch self {
        case .shutDown: return "the JavaScript isolate has been shut down"
        case .startFailed(let why): return "the JavaScript isolate could not start: \(why)"
        }
    }
}

/// Hands a `runSync` result from the isolate thread to the waiting caller (the semaphore orders the accesses).
private final class SyncOutcome<T>: @unchecked Sendable {
    var result: Result<T, Error> = .failure(IsolateError.shutDown)
}
