import Foundation
import Testing

/// GPU objects dropped by JS are released: resident memory levels off over many requests.
///
/// RSS is process-wide, and other suites (ONNX models, image decoding, other isolates) allocate in the same
/// process while these run: a full `swift test` run once put 167 MiB on top of a 1500-request window. So the
/// requests are measured in three equal windows and the smallest window's growth, times three, is judged: a leak
/// grows every window by the same amount, while another suite's burst lands in one or two of them.
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
        let server = try await GPUTestProject.shared.value
        for _ in 0..<warmup {
            let reply = try await server.get(path)
            #expect(reply.text == "0,1,2,3", "\(path): \(reply.text)")
        }
        var result = Measurement()
        result.devicesBefore = liveDevicePumps()
        for _ in 0..<3 {
            let start = residentSetSize()
            for _ in 0..<(requests / 3) {
                let reply = try await server.get(path)
                if reply.text != "0,1,2,3" { Issue.record("\(path): \(reply.text)"); return result }
            }
            result.windowGrowth.append(residentSetSize() - start)
        }
        result.devicesAfter = liveDevicePumps()
        return result
    }

    @Test func reusedDeviceWithPerRequestObjects() async throws {
        let run = try await measure("/trip/leak-reused", warmup: 200, requests: 1500)
        #expect(run.steadyGrowth < 48 << 20, "RSS grew by \(run.summary) over three windows of 500 requests")
    }

    @Test func freshDevicePerRequest() async throws {
        let run = try await measure("/trip/leak-fresh?fresh", warmup: 60, requests: 240)
        // Dropped devices are released as the collector finds their wrappers, so the number alive stays level
        // (other suites' devices come and go meanwhile); a device leak would add all 240.
        #expect(run.devicesAfter - run.devicesBefore < 24,
                "live devices went from \(run.devicesBefore) to \(run.devicesAfter) over 240 devices")
        #expect(run.steadyGrowth < 96 << 20, "RSS grew by \(run.summary) over three windows of 80 devices")
    }
}
