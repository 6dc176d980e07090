import Foundation

/// Idle waits: hooks an isolate calls each time it runs out of work, before it sleeps. A GPU device created
/// by JS registers one (see GPUBindings' `makeDevice` and `Device.pollWhenIdle` in WebGPU): the isolate then
/// waits for its own brief GPU work on its own thread, so a read-back loop's `mapAsync` settles the moment the
/// GPU is done, with no hand-off between threads.
///
/// A hook may block only when told it may (no timer is due within `idleWaitTimerMargin`), and only on work
/// that will finish by itself; jobs queued meanwhile run as soon as it returns.
extension Isolate {
    public enum IdleWaitOutcome {
        /// It blocked on its work, which is now done (its callbacks may have queued jobs).
        case waited
        /// It did not block.
        case idle
        /// Its owner is gone: the hook is dropped.
        case finished
    }

    /// Timers due sooner than this keep idle hooks from blocking.
    static let idleWaitTimerMargin: UInt64 = 2_000_000

    /// Registers `hook`, called with whether it may block each time the isolate runs out of work.
    /// Isolate thread only.
    public func addIdleWait(_ hook: @escaping (_ mayBlock: Bool) -> IdleWaitOutcome) {
        idleWaits.append(hook)
    }

    /// Runs the idle hooks; true when one of them blocked (the caller then looks for new jobs before sleeping).
    func runIdleWaits(mayBlock: Bool) -> Bool {
        var waited = false
        idleWaits.removeAll { hook in
            switch hook(mayBlock && !waited) {
            case .waited: waited = true; return false
            case .idle: return false
            case .finished: return true
            }
        }
        return waited
    }
}
