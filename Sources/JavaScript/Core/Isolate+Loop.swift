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
            Self.nameCurrentThread(name)
            // Before the first JSC call, so that JSC's RunLoop for this thread uses the context the loop iterates.
            queue.mainContext.enter()
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
            let batch = queue.take()
            for value in batch.releases { JSValueUnprotect(ctx.ref, value) }
            if batch.stop {
                batch.jobs.forEach { $0.cancel() }
                break
            }
            for job in batch.jobs { job.run(ctx) }
            fireDueTimers(ctx)
            // After every batch, so a stream of jobs cannot starve JavaScriptCore's own work.
            queue.wait(until: timers.nextDeadline)
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

    /// Names the calling thread for `top`, `perf` and /proc. Otherwise it keeps the name of the thread that
    /// created it (a Swift-concurrency pool thread); Linux allows 15 bytes, cut here at a character boundary.
    private static func nameCurrentThread(_ name: String) {
        var short = ""
        for character in name {
            guard short.utf8.count + character.utf8.count <= 15 else { break }
            short.append(character)
        }
        pthread_setname_np(pthread_self(), short)
    }

    /// Wraps one top-level entry into JS so a watchdog stop is attributed to this call only.
    func topLevel<T>(_ ctx: JSContext, _ body: () throws -> T) throws -> T {
        terminatedByTimeLimit = false
        return try body()
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
        queue.mainContext.leave()
        queue.markFinished()
    }
}

/// Carries a start failure from the new thread to `init` (the semaphore orders the accesses).
private final class StartError: @unchecked Sendable {
    var error: Error?
}
