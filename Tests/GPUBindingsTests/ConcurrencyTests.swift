import Foundation
import Testing

/// GPU promises resolve from the event pump without blocking isolates: two objects compute at once while a
/// third keeps answering.
@Suite struct ConcurrencyTests {
    /// The busy shader's first output word for invocation 1, computed on the CPU.
    static func expected(rounds: UInt32) -> String {
        var x: UInt32 = 1
        for _ in 0..<rounds { x = x &* 1_664_525 &+ 1_013_904_223 }
        return String(x)
    }

    @Test func twoObjectsUseTheGPUAtOnce() async throws {
        let server = try await GPUTestProject.shared.value
        let rounds: UInt32 = 100_000
        let clock = ContinuousClock()
        let start = clock.now
        async let first = server.get("/busy/concurrent-a?rounds=\(rounds)")
        async let second = server.get("/busy/concurrent-b?rounds=\(rounds)")
        // While both objects wait on the GPU, another object answers promptly.
        try await Task.sleep(for: .milliseconds(20))
        let ping = try await server.get("/ping/concurrent-c")
        let pingDone = clock.now - start
        let (a, b) = try await (first, second)
        let busyDone = clock.now - start
        #expect(ping.text == "pong")
        // Both objects ran every round on their own devices: rounds is above llvmpipe's 65 535-iteration
        // loop cap, so a shader that ran into it would stop short of the CPU's answer.
        #expect(a.text == Self.expected(rounds: rounds), "object a")
        #expect(b.text == Self.expected(rounds: rounds), "object b")
        #expect(pingDone < busyDone, "the ping (\(pingDone)) was not held up by the GPU work (\(busyDone))")
    }
}
