import Foundation
import Testing

/// GPU objects dropped by JS are released: resident memory levels off over many requests.
@Suite(.serialized) struct LeakTests {
    /// RSS and live devices (`liveDevicePumps`) before and after `requests` requests to `path`.
    func measure(_ path: String, warmup: Int, requests: Int) async throws -> (before: Int, after: Int, devicesBefore: Int, devicesAfter: Int) {
        let server = try await GPUTestProject.shared.value
        for _ in 0..<warmup {
            let reply = try await server.get(path)
            #expect(reply.text == "0,1,2,3", "\(path): \(reply.text)")
        }
        let before = residentSetSize()
        let devicesBefore = liveDevicePumps()
        for _ in 0..<requests {
            let reply = try await server.get(path)
            if reply.text != "0,1,2,3" { Issue.record("\(path): \(reply.text)"); break }
        }
        return (before, residentSetSize(), devicesBefore, liveDevicePumps())
    }

    @Test func reusedDeviceWithPerRequestObjects() async throws {
        let (before, after, _, _) = try await measure("/trip/leak-reused", warmup: 200, requests: 1500)
        #expect(after - before < 48 << 20, "RSS grew from \(before >> 20) MiB to \(after >> 20) MiB over 1500 requests")
    }

    @Test func freshDevicePerRequest() async throws {
        let (before, after, devicesBefore, devicesAfter) = try await measure("/trip/leak-fresh?fresh", warmup: 60, requests: 240)
        // Dropped devices are released as the collector finds their wrappers, so the number alive stays level
        // (other suites' devices come and go meanwhile); a device leak would add all 240.
        #expect(devicesAfter - devicesBefore < 24, "live devices went from \(devicesBefore) to \(devicesAfter) over 240 devices")
        // RSS is process-wide: suites running alongside this one add to it as well.
        #expect(after - before < 96 << 20, "RSS grew from \(before >> 20) MiB to \(after >> 20) MiB over 240 devices")
    }
}
