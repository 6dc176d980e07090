import Foundation
import JavaScript
import Testing

/// JavaScriptCore schedules part of its work (FinalizationRegistry cleanup, GC timers) on WTF's RunLoop — on
/// Linux a GLib main context — which the isolate's own loop has to drive.
@Suite struct RunLoopTests {
    @Test func finalizationRegistryCallbacksRun() async throws {
        try await withIsolate { isolate throws in
            _ = try await isolate.run { ctx in
                try ctx.evaluate("""
                    globalThis.cleaned = 0;
                    const registry = new FinalizationRegistry(() => { cleaned++; });
                    // Registers objects nobody keeps, then allocates enough garbage for the GC to find them.
                    globalThis.churn = () => {
                        for (let i = 0; i < 2000; i++) registry.register({ i }, i);
                        for (let i = 0; i < 20000; i++) new Array(32).fill(i);
                    };
                    """)
            }
            // The callbacks run from the run loop once the isolate is between tasks; on a busy machine that can
            // take a few rounds, so churn and idle until they do, failing (not hanging) after a generous limit.
            var cleaned = 0.0
            let deadline = ContinuousClock.now + .seconds(15)
            while cleaned == 0 && ContinuousClock.now < deadline {
                cleaned = try await isolate.run { ctx in try ctx.evaluate("churn(); cleaned").toDouble() }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(cleaned > 0, "no FinalizationRegistry callback ran within 15 s")
        }
    }

    /// The loop sleeps on its jobs, its timers and JavaScriptCore's run loop at once: an idle isolate thread, found
    /// by its name, uses no CPU time. Measured on that thread alone (/proc), as other tests run in parallel.
    @Test func idleIsolateThreadIsNamedAndUsesNoCPU() async throws {
        try await withIsolate(Isolate.Options(name: "idle-isolate")) { isolate throws in
            _ = try await isolate.run { ctx in
                try ctx.evaluate("""
                    setTimeout(() => {}, 60000);  // a far timer: the loop must sleep until it, not poll
                    new FinalizationRegistry(() => {}).register({}, 0);
                    for (let i = 0; i < 20000; i++) new Array(32).fill(i);  // arms JSC's GC timers
                    """)
            }
            try await Task.sleep(for: .milliseconds(300))  // lets the GC and sweeper timers armed above finish
            let before = try threadCPUTicks(named: "idle-isolate")
            try await Task.sleep(for: .milliseconds(500))
            let used = try threadCPUTicks(named: "idle-isolate") - before
            #expect(used == 0, "the idle isolate thread used \(used) clock ticks in 0.5 s")
        }
    }
}

/// utime + stime (clock ticks) of this process's thread called `name`.
private func threadCPUTicks(named name: String) throws -> Int {
    for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
        let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
        guard comm.trimmingCharacters(in: .whitespacesAndNewlines) == name else { continue }
        let stat = try String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8)
        // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
        guard let close = stat.range(of: ")", options: .backwards) else { break }
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { break }
        return user + system
    }
    throw JSError(name: "Error", message: "no readable thread named \(name) in /proc/self/task")
}
