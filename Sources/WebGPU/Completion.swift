import Foundation

/// A one-shot bridge from a C callback to a Swift continuation.
///
/// It is passed to webgpu.h as `userdata1` (retained once; the callback releases it). Resuming is guarded
/// so that a late callback after a synchronous fallback, or a second call, can never resume twice.
/// Continuations may be resumed from any thread (the event pump's, or the caller's when wgpu-native
/// answers inline); resuming only schedules the awaiting task, it never runs user code on that thread.
final class Completion<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?
    private var outcome: Result<Value, any Error>?

    /// Resolves once; later calls are ignored. Returns whether this call resolved it.
    @discardableResult
    func resolve(_ result: Result<Value, any Error>) -> Bool {
        lock.lock()
        guard outcome == nil else {
            lock.unlock()
            return false
        }
        outcome = result
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: result)
        return true
    }

    var isResolved: Bool {
        lock.lock()
        defer { lock.unlock() }
        return outcome != nil
    }

    /// Suspends until `resolve` is called (or returns at once if it already was).
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let outcome {
                lock.unlock()
                continuation.resume(with: outcome)
            } else {
                self.continuation = continuation
                lock.unlock()
            }
        }
    }

    /// The opaque pointer handed to C; the callback must balance it with `Completion.take`.
    func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    /// Takes back the reference given to C in `retainedPointer`.
    static func take(_ pointer: UnsafeMutableRawPointer?) -> Completion<Value> {
        Unmanaged<Completion<Value>>.fromOpaque(pointer!).takeRetainedValue()
    }
}
