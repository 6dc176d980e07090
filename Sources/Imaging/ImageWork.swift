import Dispatch
import JavaScript

/// Where `kiln:image` does its pixel work: a concurrent queue on GCD's global pool (as many threads at once
/// as there are cores), so an isolate that awaits a decode keeps serving other requests and several
/// uploads decode in parallel. The isolate thread only copies the input bytes in and wraps the result.
enum ImageWork {
    private static let queue = DispatchQueue(label: "kiln.image", qos: .userInitiated, attributes: .concurrent)

    /// A promise for `work()`, run on the pool; `convert` makes the JS value on the isolate thread.
    /// An error either throws rejects the promise (`ImageError`s become the JS errors `jsError` picks).
    static func promise<T>(in context: JSContext, operation: String, _ work: @escaping () throws -> T,
                           then convert: @escaping (JSContext, T) throws -> JSValue) throws -> JSValue {
        let (promise, resolver) = try context.makePromise()
        let isolate = context.isolate
        queue.async {
            let result: Result<T, Error>
            do {
                result = .success(try work())
            } catch let error as ImageError {
                result = .failure(jsError(for: error, operation: operation))
            } catch {
                result = .failure(error)
            }
            isolate.enqueue { ctx in
                resolver.settle(result.flatMap { value in Result { try convert(ctx, value) } })
            }
        }
        return promise
    }

    /// Decompression bombs are RangeErrors (a limit), argument problems TypeErrors, bad data plain Errors.
    static func jsError(for error: ImageError, operation: String) -> JSError {
        let message = "\(operation): \(error.description)"
        switch error {
        case .tooLarge: return .rangeError(message)
        case .invalidArgument: return .typeError(message)
        default: return .error(message)
        }
    }
}
