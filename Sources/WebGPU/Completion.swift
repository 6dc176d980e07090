import Foundation

/// A one-shot bridge from a C callback to a Swift continuation.
///
/// It is passed to webgpu.h as `userdata1` (retained once; the callback releases it). Resuming is guarded
/// so that a late callback after a synchronous fallback, or a second call, can never resume twice.
/// Continuations may be resumed from any thread (the event pump's, or the caller's when wgpu-native
/// answers inline); resuming only schedules the awaiting task, it never runs user code on that thread.
final class Completion<Value>: @unchecked Sendable {
    typealias Handler = @Sendable (Result<Value, any Error>) -> Void
    private let lock = NSLock()
    private var waiters: [Handler] = []
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
        let waiting = waiters
        waiters = []
        lock.unlock()
        for waiter in waiting { waiter(result) }
        return true
    }

    var isResolved: Bool {
        lock.lock()
        defer { lock.unlock() }
        return outcome != nil
    }

    /// Calls `handler` with the outcome, on the thread that resolves it (at once if it already was).
    /// For callers with an executor of their own (a JS isolate): the result reaches it in one hop
    /// instead of first waking a Swift task on the cooperative pool. Any number may wait (`device.lost`).
    func whenResolved(_ handler: @escaping Handler) {
        lock.lock()
        if let outcome {
            lock.unlock()
            handler(outcome)
        } else {
            waiters.append(handler)
            lock.unlock()
        }
    }

    /// Suspends until `resolve` is called (or returns at once if it already was).
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            whenResolved { continuation.resume(with: $0) }
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
