import Foundation
import JavaScript

/// The cost of crossing from JS into a Swift closure and back with a number, per call.
enum BenchJSNativeCall {
    struct Result {
        /// CPU seconds per call of a native Swift function (loop overhead included, as in the Node baseline).
        var nativeCall: Double
        /// Seconds per call of JSC's built-in Math.max in the same loop.
        var builtinCall: Double
    }

    static func measure(calls: Int) async throws -> Result {
        let isolate = try Isolate(options: .init(name: "bench.native"))
        defer { isolate.shutdown() }
        return try await isolate.run { ctx in
            try ctx.global.set("nativeNumber", ctx.function("nativeNumber", length: 1) { ctx, _, _ in ctx.number(42) })
            let loop = { (callee: String) throws -> Double in
                let source = "(n => { let s = 0; for (let i = 0; i < n; i++) s += \(callee)(i, 1); return s; })"
                let function = try ctx.evaluate(source)
                _ = try function.call([ctx.number(calls / 10)])  // warm up the JIT
                let start = threadCPUTime()
                _ = try function.call([ctx.number(calls)])
                return (threadCPUTime() - start) / Double(calls)
            }
            return Result(nativeCall: try loop("nativeNumber"), builtinCall: try loop("Math.max"))
        }
    }

    /// CPU time of the calling thread: the machine may be shared, and wall time would count other processes.
    static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The same loop in Node.js calling `Math.max` (no addon involved), CPU seconds per call (process CPU
    /// time); nil without node.
    static func nodeMathMax(node: String, calls: Int) -> Double? {
        let script = """
            const loop = n => { let s = 0; for (let i = 0; i < n; i++) s += Math.max(i, 1); return s; };
            loop(\(calls / 10));
            const start = process.cpuUsage();
            loop(\(calls));
            const used = process.cpuUsage(start);
            console.log((used.user + used.system) * 1000 / \(calls));
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [node, "-e", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0, let nanoseconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        return nanoseconds / 1e9
    }
}
