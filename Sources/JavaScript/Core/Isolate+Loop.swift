import CJavaScriptCore
import Foundation

// The isolate thread: creates the context, runs jobs and timers until shutdown, then tears everything down
// on the same thread that used it.
extension Isolate {
    func startThread(stackSize: Int) throws {
        let ready = DispatchSemaphore(value: 0)
        let startError = StartError()
        let thread = Thread { [self] in
            threadID = pthread_self()
            do {
                let ctx = try JSContext(isolate: self)
                contextStorage = ctx
                applyTimeLimit(ctx)
                try installCoreGlobals(ctx)
            } catch {
                startError.error = error
                teardown()
                ready.signal()
                return
            }
            ready.signal()
            loop()
        }
        thread.stackSize = stackSize
        thread.name = name
        thread.start()
        ready.wait()
        if let error = startError.error { throw IsolateError.startFailed(String(describing: error)) }
    }

    private func loop() {
        guard let ctx = contextStorage else { return }
        while true {
            let batch = queue.next(deadline: timers.nextDeadline, idleWait: idleWaits.isEmpty ? nil : runIdleWaits)
            for value in batch.releases { JSValueUnprotect(ctx.ref, value) }
            if batch.stop {
                batch.jobs.forEach { $0.cancel() }
                break
            }
            for job in batch.jobs { job.run(ctx) }
            fireDueTimers(ctx)
        }
        teardown()
    }

    private func fireDueTimers(_ ctx: JSContext) {
        let now = MonotonicClock.nowNanoseconds()
        for id in timers.dueIDs(now: now) {
            guard let timer = timers.fire(id, now: now) else { continue }  // cleared by an earlier callback
            do {
                try topLevel(ctx) { _ = try timer.callback.call(timer.arguments) }
            } catch {
                reportUncaught(error, source: .timer)
            }
        }
    }

    /// Wraps one top-level entry into JS so a watchdog stop is attributed to this call only. A stop that
    /// reached the caller as a `JSError` has cleared `terminatedByTimeLimit`; one still set afterwards was
    /// never delivered.
    func topLevel<T>(_ ctx: JSContext, _ body: () throws -> T) throws -> T {
        terminatedByTimeLimit = false
        defer { if terminatedByTimeLimit { recoverFromStopInMicrotask(ctx) } }
        return try body()
    }

    /// The watchdog stopped a microtask that JSC ran after the call returned (it drains the microtask queue
    /// when the API lock is released): no caller saw the stop, and the termination is still pending in the
    /// VM, where it would break the next call. One trivial script takes it (the C API hands pending
    /// exceptions to its caller and clears them); the stop is then reported as uncaught, so whatever the
    /// stopped code was to answer fails instead of hanging.
    private func recoverFromStopInMicrotask(_ ctx: JSContext) {
        var pending: JSValueRef?
        let script = JSStringCreateWithUTF8CString("undefined")
        _ = JSEvaluateScript(ctx.ref, script, nil, nil, 1, &pending)
        JSStringRelease(script)
        let limit = cpuTimeLimitSeconds.map { " of \(Int(($0 * 1000).rounded())) ms" } ?? ""
        var stopped = pending.map { JSError(thrown: JSValue(ctx, $0)) }
            ?? JSError(name: "Error", message: "Script exceeded the CPU time limit\(limit) and was stopped")
        stopped.exceededCPUTimeLimit = true
        terminatedByTimeLimit = false
        reportUncaught(stopped, source: .microtask)
    }

    func applyTimeLimit(_ ctx: JSContext) {
        if let seconds = cpuTimeLimitSeconds {
            JSContextGroupSetExecutionTimeLimit(ctx.group, seconds, { _, info in
                guard let info else { return true }
                Unmanaged<Isolate>.fromOpaque(info).takeUnretainedValue().terminatedByTimeLimit = true
                return true
            }, Unmanaged.passUnretained(self).toOpaque())
        } else {
            JSContextGroupClearExecutionTimeLimit(ctx.group)
        }
    }

    private func teardown() {
        for job in queue.close() { job.cancel() }
        timers.removeAll()
        if let ctx = contextStorage {
            ctx.failPendingAwaits(IsolateError.shutDown)
            ctx.invalidate()
        }
        contextStorage = nil
        queue.markFinished()
    }
}

/// Carries a start failure from the new thread to `init` (the semaphore orders the accesses).
private final class StartError: @unchecked Sendable {
    var error: Error?
}
