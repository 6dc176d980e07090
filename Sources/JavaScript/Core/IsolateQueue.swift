import CJavaScriptCore
import Foundation

/// The isolate's inbox: jobs and GC releases pushed from any thread, taken by the isolate thread, which sleeps
/// in a poll of its GLib main context (JavaScriptCore's run loop) when there is nothing to do: pushes wake it
/// through GLib's wakeup descriptor, so one wait covers jobs, timers and JavaScriptCore's own work.
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

    let mainContext = GLibMainContext()
    /// Guards the state below; its condition signals `finished`.
    private let condition = NSCondition()
    /// Whether the isolate thread is (about to be) blocked in `wait`, so a push must wake it.
    private var sleeping = false
    private var jobs: [Job] = []
    private var releases: [JSValueRef] = []
    private var stopRequested = false
    private var accepting = true
    private var finished = false

    func push(_ job: Job) {
        condition.lock()
        guard accepting else {
            condition.unlock()
            job.cancel()
            return
        }
        jobs.append(job)
        let wake = sleeping
        condition.unlock()
        if wake { mainContext.wakeUp() }
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
        let wake = sleeping
        condition.unlock()
        if wake { mainContext.wakeUp() }
    }

    /// Runs JavaScriptCore's ready run-loop work (one GLib iteration). When no job or stop request is queued,
    /// first sleeps until one is, `deadline` (monotonic ns) passes, or a GLib source becomes due.
    func wait(until deadline: UInt64?) {
        mainContext.iterate(deadline: deadline) { fds, count, timeout in
            condition.lock()
            sleeping = jobs.isEmpty && !stopRequested
            let mayBlock = sleeping
            condition.unlock()
            // A push after the check above finds `sleeping` set and wakes the poll through GLib's descriptor,
            // which stays readable until GLib acknowledges it: no push is missed between the check and the poll.
            _ = poll(fds, nfds_t(count), mayBlock ? timeout : 0)
            if mayBlock { condition.withLock { sleeping = false } }
        }
    }

    /// Takes everything queued, without blocking.
    func take() -> Batch {
        condition.lock()
        defer { condition.unlock() }
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
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
