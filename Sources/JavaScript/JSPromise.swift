import CJavaScriptCore

/// Settles one JS promise from Swift. Use on the isolate thread (from another thread, wrap the call in
/// `isolate.enqueue`). Only the first settle counts, as in JS.
public final class JSPromiseResolver: @unchecked Sendable {
    private let resolveFunction: JSValue
    private let rejectFunction: JSValue
    public private(set) var isSettled = false

    init(resolve: JSValue, reject: JSValue) {
        resolveFunction = resolve
        rejectFunction = reject
    }

    public func resolve(_ value: JSValue) {
        guard !isSettled else { return }
        isSettled = true
        do { try resolveFunction.call([value]) } catch { resolveFunction.context.isolate.reportUncaught(error, source: .task) }
    }

    /// Rejects with the JS error for `error` (see `JSError` for the mapping).
    public func reject(_ error: Error) {
        guard !isSettled else { return }
        isSettled = true
        let context = rejectFunction.context
        do { try rejectFunction.call([context.error(error)]) } catch { context.isolate.reportUncaught(error, source: .task) }
    }

    public func settle(_ result: Result<JSValue, Error>) {
        switch result {
        case .success(let value): resolve(value)
        case .failure(let error): reject(error)
        }
    }
}

extension JSContext {
    /// A pending promise and the resolver that settles it.
    public func makePromise() throws -> (promise: JSValue, resolver: JSPromiseResolver) {
        var resolve: JSObjectRef?
        var reject: JSObjectRef?
        let promise = try check { JSObjectMakeDeferredPromise(ref, &resolve, &reject, $0) }
        guard let promise, let resolve, let reject else { throw JSError.error("could not create a promise") }
        return (JSValue(self, promise), JSPromiseResolver(resolve: JSValue(self, resolve), reject: JSValue(self, reject)))
    }

    /// A promise for Swift async work: `work` runs as a Swift task; its result is converted by `convert` on the
    /// isolate thread and resolves the promise. A thrown error (from either closure) rejects it.
    public func promise<T>(_ work: @escaping @Sendable () async throws -> T,
                           then convert: @escaping (JSContext, T) throws -> JSValue) throws -> JSValue {
        let (promise, resolver) = try makePromise()
        let isolate = self.isolate
        Task {
            let result: Result<T, Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            isolate.enqueue { ctx in
                resolver.settle(result.flatMap { value in Result { try convert(ctx, value) } })
            }
        }
        return promise
    }

    /// `Promise.resolve(value)`.
    public func resolvedPromise(_ value: JSValue) throws -> JSValue {
        try helper("v => Promise.resolve(v)").call([value])
    }

    /// `Promise.reject(error)`.
    public func rejectedPromise(_ error: Error) throws -> JSValue {
        try helper("e => Promise.reject(e)").call([self.error(error)])
    }
}

extension JSValue {
    /// Awaits this value like JS `await`: a promise or thenable is followed until it settles; a rejection throws
    /// its reason as `JSError`. Callable from any async context (it hops to the isolate thread and back).
    /// Throws `IsolateError.shutDown` if the isolate stops before the promise settles.
    public func resolved() async throws -> JSValue {
        try await context.isolate.runAndAwait { _ in self }
    }
}

extension Isolate {
    /// Runs `body` on the isolate thread and awaits the value it returns like JS `await`. The handlers are
    /// attached in the same turn, so a promise that rejects is handled (never reported as unhandled).
    /// Throws `IsolateError.shutDown` if the isolate stops before the promise settles.
    public func runAndAwait(_ body: @escaping (JSContext) throws -> JSValue) async throws -> JSValue {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSValue, Error>) in
            queue.push(IsolateQueue.Job(
                run: { ctx in
                    let id = ctx.nextAwaitID
                    ctx.nextAwaitID += 1
                    ctx.pendingAwaits[id] = { continuation.resume(throwing: $0) }
                    let settle = { (result: Result<JSValue, Error>) in
                        if ctx.pendingAwaits.removeValue(forKey: id) != nil { continuation.resume(with: result) }
                    }
                    do {
                        // `body` runs inside one outer JS call that also attaches the handlers: microtasks (and
                        // JSC's unhandled-rejection check) run only when the outermost call returns.
                        let run = ctx.function("run") { ctx, _, _ in try body(ctx) }
                        let onFulfilled = ctx.function("") { ctx, _, args in
                            settle(.success(args[0]))
                            return ctx.undefined
                        }
                        let onRejected = ctx.function("") { ctx, _, args in
                            settle(.failure(JSError(thrown: args[0])))
                            return ctx.undefined
                        }
                        _ = try self.topLevel(ctx) {
                            try ctx.helper("(run, f, r) => { Promise.resolve(run()).then(f, r); }")
                                .call([run, onFulfilled, onRejected])
                        }
                    } catch {
                        settle(.failure(error))
                    }
                },
                cancel: { continuation.resume(throwing: IsolateError.shutDown) }))
        }
    }
}
