import CJavaScriptCore
import Foundation

/// The isolate's inbox: jobs and GC releases pushed from any thread, taken by the isolate thread, which
/// sleeps on a condition variable (with a timeout for the next timer) when there is nothing to do.
final class IsolateQueue: @unchecked Sendable {
    struct Job {
        let run: (JSContext) -> Void
        /// Called instead of `run` when the isolate shuts down first.
        let cancel: () -> Void
    }

    struct Batch {
        var jobs: [Job] = []
        var releases: [JSValueRef] = []
        var stop = false
    }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var releases: [JSValueRef] = []
    private var stopRequested = false
    private var accepting = true
    private var finished = false
    /// Callers of `whenFinished` waiting for the thread to finish.
    private var finishWaiters: [() -> Void] = []

    func push(_ job: Job) {
        condition.lock()
        guard accepting else {
            condition.unlock()
            job.cancel()
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Queues a JSValueUnprotect for a value released off the isolate thread. After shutdown there is
    /// nothing to unprotect (the context is gone), so the value is dropped.
    func pushRelease(_ value: JSValueRef) {
        condition.lock()
        defer { condition.unlock() }
        guard accepting else { return }
        releases.append(value)
        // Releases are not urgent: they ride along with the next wake-up instead of waking the thread.
    }

    func requestStop() {
        condition.lock()
        stopRequested = true
        condition.signal()
        condition.unlock()
    }

    /// Blocks until there is work, a stop request, or `deadline` (monotonic ns) passes. Each time it is about to
    /// sleep it first runs `idleWait` (the isolate's idle hooks), which may block only if no timer is due within
    /// the margin; when a hook blocked, it looks for jobs again before sleeping.
    func next(deadline: UInt64?, idleWait: ((_ mayBlock: Bool) -> Bool)? = nil) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopRequested {
            if let idleWait {
                let mayBlock = deadline.map { $0 > MonotonicClock.nowNanoseconds() + Isolate.idleWaitTimerMargin } ?? true
                condition.unlock()
                let waited = idleWait(mayBlock)
                condition.lock()
                if waited { continue }
                if !jobs.isEmpty || stopRequested { break }
            }
            guard let deadline else {
                condition.wait()
                continue
            }
            let now = MonotonicClock.nowNanoseconds()
            if deadline <= now { break }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
        }
        var batch = Batch(stop: stopRequested)
        swap(&batch.jobs, &jobs)
        swap(&batch.releases, &releases)
        return batch
    }

    /// Stops accepting work and hands back what was still queued (to be cancelled).
    func close() -> [Job] {
        condition.lock()
        defer { condition.unlock() }
        accepting = false
        stopRequested = true
        releases.removeAll()
        let rest = jobs
        jobs.removeAll()
        return rest
    }

    func markFinished() {
        condition.lock()
        finished = true
        let waiters = finishWaiters
        finishWaiters.removeAll()
        condition.broadcast()
        condition.unlock()
        for resume in waiters { resume() }
    }

    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Runs `body` once the thread has finished: at once if it has, else on the isolate thread as it ends.
    func whenFinished(_ body: @escaping () -> Void) {
        condition.lock()
        guard finished else {
            finishWaiters.append(body)
            condition.unlock()
            return
        }
        condition.unlock()
        body()
    }
}
