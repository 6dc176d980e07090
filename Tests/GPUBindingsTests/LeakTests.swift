import Foundation
import Testing

/// GPU objects dropped by JS are released: resident memory levels off over many requests.
///
/// The server is `kiln dev` in a process of its own, so its RSS is the server's alone (in the test process,
/// other suites' allocations once put 343 MiB on top of a window). The requests are measured in three equal
/// windows and the smallest window's growth, times three, is judged: a leak grows every window by the same
/// amount, while a garbage-collection step lands in one of them.
@Suite(.serialized) struct LeakTests {
    struct Measurement {
        /// RSS growth of each window, in bytes.
        var windowGrowth: [Int] = []
        var devicesBefore = 0
        var devicesAfter = 0

        /// What the whole run would have grown by at the steadiest window's pace.
        var steadyGrowth: Int { (windowGrowth.min() ?? 0) * windowGrowth.count }
        var summary: String { windowGrowth.map { "\($0 >> 20) MiB" }.joined(separator: ", ") }
    }

    func measure(_ path: String, warmup: Int, requests: Int) async throws -> Measurement {
        let server = try await KilnDevProcess.start(project: GPUTestProject.directory)
        defer { server.stop() }
        for _ in 0..<warmup {
            let reply = try await server.get(path)
            #expect(reply == "0,1,2,3", "\(path): \(reply)")
        }
        var result = Measurement()
        result.devicesBefore = server.liveDevices()
        for _ in 0..<3 {
            let start = server.residentSetSize()
            #expect(start > 16 << 20, "the server's RSS could not be read (\(start) bytes)")
            for _ in 0..<(requests / 3) {
                let reply = try await server.get(path)
                if reply != "0,1,2,3" { Issue.record("\(path): \(reply)"); return result }
            }
            result.windowGrowth.append(server.residentSetSize() - start)
        }
        result.devicesAfter = server.liveDevices()
        return result
    }

    @Test func reusedDeviceWithPerRequestObjects() async throws {
        let run = try await measure("/trip/leak-reused", warmup: 200, requests: 1500)
        #expect(run.steadyGrowth < 48 << 20, "RSS grew by \(run.summary) over three windows of 500 requests")
    }

    @Test func freshDevicePerRequest() async throws {
        let run = try await measure("/trip/leak-fresh?fresh", warmup: 60, requests: 240)
        // Dropped devices are released as the collector finds their wrappers, so the number alive stays level;
        // a device leak would add all 240.
        #expect(run.devicesAfter - run.devicesBefore < 24,
                "live devices went from \(run.devicesBefore) to \(run.devicesAfter) over 240 devices")
        #expect(run.steadyGrowth < 96 << 20, "RSS grew by \(run.summary) over three windows of 80 devices")
    }
}
