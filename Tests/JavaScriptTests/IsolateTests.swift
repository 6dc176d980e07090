import Foundation
import JavaScript
import Testing

@Suite struct IsolateTests {
    @Test func evaluatesOnItsOwnThread() async throws {
        try await withIsolate { isolate throws in
            let (sum, onThread) = try await isolate.run { ctx in
                (try ctx.evaluate("1 + 2").toDouble(), isolate.isCurrentThread)
            }
            #expect(sum == 3)
            #expect(onThread)
            #expect(!isolate.isCurrentThread)
        }
    }

    @Test func isolatesShareNothing() async throws {
        try await withIsolate { first in
            try await withIsolate { second in
                _ = try await first.run { ctx in try ctx.evaluate("globalThis.shared = 1") }
                #expect(try await evaluateString(second, "typeof shared") == "undefined")
            }
        }
    }

    @Test func runSyncBlocksAndRunsInlineOnTheThread() async throws {
        try await withIsolate { isolate throws in
            let value = try isolate.runSync { ctx in try ctx.evaluate("'sync'").toString() }
            #expect(value == "sync")
            let nested = try await isolate.run { _ in try isolate.runSync { ctx in try ctx.evaluate("40 + 2").toDouble() } }
            #expect(nested == 42)
        }
    }

    @Test func enqueuedTasksRunInOrder() async throws {
        try await withIsolate { isolate throws in
            let order = Collector<Int>()
            for index in 0..<50 { isolate.enqueue { _ in order.append(index) } }
            _ = try await isolate.run { _ in 0 }
            #expect(order.values == Array(0..<50))
        }
    }

    @Test func cpuTimeLimitStopsInfiniteLoopAndIsolateStaysUsable() async throws {
        try await withIsolate(Isolate.Options(cpuTimeLimit: .milliseconds(100))) { isolate throws in
            let error = await #expect(throws: JSError.self) {
                try await isolate.run { ctx in try ctx.evaluate("while (true) {}") }
            }
            #expect(error?.exceededCPUTimeLimit == true)
            #expect(error?.message.contains("CPU time limit of 100 ms") == true)
            #expect(try await evaluateString(isolate, "'still ' + 'alive'") == "still alive")
            // A loop inside a timer is stopped too, and reported as uncaught.
            let reports = Collector<Isolate.UncaughtError>()
            isolate.uncaughtErrorHandler = { reports.append($0) }
            _ = try await isolate.run { ctx in try ctx.evaluate("setTimeout(() => { for (;;) {} }, 0)") }
            // 100 ms of CPU time can take much longer on a busy machine.
            for _ in 0..<100 where reports.values.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            #expect(reports.values.first?.error.exceededCPUTimeLimit == true)
        }
    }

    /// JSC runs the microtasks a call queued once the call has returned, so a runaway one is stopped where no
    /// caller sees it: it is reported as uncaught, and the isolate goes on working. (A later C API call in the
    /// same task would receive the pending stop as its own exception, so the body of `run` here only makes
    /// the call and converts the result in another task.)
    @Test func cpuTimeLimitStopsARunawayMicrotaskAndIsolateStaysUsable() async throws {
        try await withIsolate(Isolate.Options(cpuTimeLimit: .milliseconds(100))) { isolate throws in
            let reports = Collector<Isolate.UncaughtError>()
            isolate.uncaughtErrorHandler = { reports.append($0) }
            // Nothing else touches JS in this call after the function returns (as in the Workers runtime).
            let value = try await isolate.run { ctx in
                try ctx.evaluate("() => { Promise.resolve().then(() => { for (;;) {} }); return 'returned'; }").call()
            }
            #expect(try await isolate.run { _ in try value.toString() } == "returned")
            #expect(reports.values.count == 1)
            #expect(reports.values.first?.source == .microtask)
            #expect(reports.values.first?.error.exceededCPUTimeLimit == true)
            #expect(try await evaluateString(isolate, "'still ' + 'alive'") == "still alive")
            // Again from an async function's continuation, and the isolate still answers afterwards.
            _ = try await isolate.run { ctx in
                try ctx.evaluate("async () => { await null; for (;;) {} }").call()
            }
            #expect(reports.values.count == 2)
            #expect(reports.values.last?.error.exceededCPUTimeLimit == true)
            #expect(try await evaluateString(isolate, "Promise.resolve(1) instanceof Promise") == "true")
            // Queued by a script evaluation: the same.
            _ = try await isolate.run { ctx in try ctx.evaluate("Promise.resolve().then(() => { for (;;) {} }); 1") }
            #expect(reports.values.count == 3)
            #expect(reports.values.last?.error.exceededCPUTimeLimit == true)
            #expect(try await evaluateString(isolate, "'alive ' + 'again'") == "alive again")
        }
    }

    @Test func cpuTimeLimitCanBeChanged() async throws {
        try await withIsolate { isolate throws in
            isolate.setCPUTimeLimit(.milliseconds(50))
            await #expect(throws: JSError.self) { try await isolate.run { ctx in try ctx.evaluate("for (;;) {}") } }
            isolate.setCPUTimeLimit(nil)
            let sum = try await evaluateString(isolate, "let n = 0; for (let i = 0; i < 1e6; i++) n += i; String(n)")
            #expect(sum == "499999500000")
        }
    }

    @Test func shutdownFailsQueuedWorkAndPendingAwaits() async throws {
        let isolate = try Isolate()
        let pending = try await isolate.run { ctx in try ctx.evaluate("new Promise(() => {})") }
        let awaited = Task { try await pending.resolved() }
        try await Task.sleep(for: .milliseconds(50))
        isolate.shutdown()
        await #expect(throws: IsolateError.self) { _ = try await awaited.value }
        await #expect(throws: IsolateError.self) { try await isolate.run { _ in 1 } }
        isolate.shutdown()  // idempotent
    }

    /// `stop()` waits for the job the isolate is running, suspended: the executor of the task calling it runs
    /// other jobs meanwhile. One serial executor makes that observable: the isolate's job ends only after a
    /// probe task on that executor ran, which a blocking wait would never let happen (the job gives up after 60 s:
    /// a loaded machine delays the probe by seconds).
    @Test func stopSuspendsItsCallerUntilTheRunningJobEnds() async throws {
        let isolate = try Isolate()
        let jobStarted = DispatchSemaphore(value: 0), probeRan = DispatchSemaphore(value: 0)
        let jobSawProbe = DispatchSemaphore(value: 0), jobEnded = DispatchSemaphore(value: 0)
        isolate.enqueue { _ in
            jobStarted.signal()
            if probeRan.wait(timeout: .now() + 60) == .success { jobSawProbe.signal() }
            jobEnded.signal()
        }
        await Self.wait(for: jobStarted)
        let executor = SerialTaskExecutor()
        let stopCalled = DispatchSemaphore(value: 0)
        let stopping = Task(executorPreference: executor) {
            stopCalled.signal()
            await isolate.stop()
        }
        await Self.wait(for: stopCalled)
        await Task(executorPreference: executor) { probeRan.signal() }.value
        await stopping.value
        #expect(jobSawProbe.wait(timeout: .now()) == .success, "the executor ran nothing else while stop() waited")
        #expect(jobEnded.wait(timeout: .now()) == .success, "stop() returned before the running job ended")
        await #expect(throws: IsolateError.self) { try await isolate.run { _ in 1 } }
    }

    /// Waits for `semaphore` on a GCD thread, so the test's own thread stays free.
    static func wait(for semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { (signalled: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                semaphore.wait()
                signalled.resume()
            }
        }
    }

    @Test func memoryUsageReportsTheHeap() async throws {
        try await withIsolate { isolate throws in
            _ = try await isolate.run { ctx in try ctx.evaluate("globalThis.keep = Array.from({length: 10000}, (_, i) => ({i}))") }
            let usage = try await isolate.memoryUsage()
            #expect(usage.heapCapacity > 0)
            #expect(usage.protectedObjectCount > 0)
        }
    }

    @Test func unhandledRejectionsAndThrowingCallbacksAreReported() async throws {
        try await withIsolate { isolate throws in
            let reports = Collector<Isolate.UncaughtError>()
            isolate.uncaughtErrorHandler = { reports.append($0) }
            _ = try await isolate.run { ctx in
                try ctx.evaluate("""
                    Promise.reject(new RangeError("lost"));
                    Promise.reject(new Error("handled")).catch(() => {});
                    queueMicrotask(() => { throw new Error("microtask") });
                    setTimeout(() => { throw new TypeError("timer") }, 1);
                    """)
            }
            try await Task.sleep(for: .milliseconds(100))
            let seen = reports.values.map { "\($0.source.rawValue):\($0.error.name):\($0.error.message)" }.sorted()
            #expect(seen == ["microtask:Error:microtask", "timer:TypeError:timer", "unhandledRejection:RangeError:lost"])
        }
    }
}

/// A task executor that runs one job at a time, in order, on a serial dispatch queue.
final class SerialTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "serial task executor")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
