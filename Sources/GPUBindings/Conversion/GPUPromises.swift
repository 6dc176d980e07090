import Foundation
import JavaScript
import WebGPU

extension GPURegistry {
    /// A promise for GPU work: `work` runs as a Swift task (awaiting the device's event pump, never blocking the
    /// isolate); `convert` then builds the JS result on the isolate thread. Failures are converted to the JS
    /// errors WebGPU specifies (OperationError, AbortError, GPUPipelineError...) on the isolate thread too.
    func promise<T>(_ work: @escaping @Sendable () async throws -> T,
                    then convert: @escaping (JSContext, T) throws -> JSValue) throws -> JSValue {
        let (promise, resolver) = try context.makePromise()
        let isolate = context.isolate
        Task {
            let result: Result<T, Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            isolate.enqueue { ctx in self.settle(resolver, with: result, convert, ctx) }
        }
        return promise
    }

    /// A promise for GPU work that reports through a callback (`start` hands it the completion handler), which
    /// may run on the event pump's thread: the result goes straight to the isolate, without a Swift task.
    func promise<T>(reportingTo start: (@escaping @Sendable (Result<T, Error>) -> Void) -> Void,
                    then convert: @escaping (JSContext, T) throws -> JSValue) throws -> JSValue {
        let (promise, resolver) = try context.makePromise()
        let isolate = context.isolate
        start { result in
            isolate.enqueue { ctx in self.settle(resolver, with: result, convert, ctx) }
        }
        return promise
    }

    private func settle<T>(_ resolver: JSPromiseResolver, with result: Result<T, Error>,
                           _ convert: (JSContext, T) throws -> JSValue, _ ctx: JSContext) {
        switch result {
        case .success(let value):
            do { resolver.resolve(try convert(ctx, value)) } catch { resolver.reject(jsError(error)) }
        case .failure(let error):
            resolver.reject(jsError(error))
        }
    }

    /// A promise already settled with `result` (for operations that finish synchronously in wgpu-native).
    func settledPromise(_ result: () throws -> JSValue) throws -> JSValue {
        do {
            return try context.resolvedPromise(try result())
        } catch {
            return try context.rejectedPromise(jsError(error))
        }
    }

    /// The JS error a Swift error stands for. Isolate thread only.
    func jsError(_ error: Error) -> Error {
        guard let error = error as? WebGPUError else { return error }
        switch error {
        case .operation(let message), .requestFailed(let message), .deviceLost(let message):
            return JSError.domException("OperationError", message)
        case .aborted(let message):
            return JSError.domException("AbortError", message)
        case .invalidArgument(let message):
            return JSError.rangeError(message)
        case .pipeline(let gpuError):
            let reason = gpuError.kind == .internal ? "internal" : "validation"
            var converted = JSError(name: "GPUPipelineError", message: gpuError.message)
            converted.value = try? jsInternal.get("makePipelineError").call([
                context.string(gpuError.message), context.string(reason)])
            return converted
        }
    }

    /// A JS GPUValidationError / GPUOutOfMemoryError / GPUInternalError for a Swift GPUError.
    func jsGPUError(_ error: WebGPU.GPUError) throws -> JSValue {
        try jsInternal.get("makeError").call([context.string(error.kind.rawValue), context.string(error.message)])
    }
}

extension NativeClassBuilder {
    /// An operation that returns a promise: as WebIDL specifies, any exception it throws (an argument conversion
    /// included) rejects the returned promise instead of propagating.
    mutating func promiseMethod(_ name: String, length: Int = 0, registry: GPURegistry, _ body: @escaping Method) {
        method(name, length: length) { ctx, payload, args in
            do {
                return try body(ctx, payload, args)
            } catch {
                return try ctx.rejectedPromise(registry.jsError(error))
            }
        }
    }
}
