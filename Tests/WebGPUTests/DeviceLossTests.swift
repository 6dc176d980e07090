import Foundation
import Testing
@testable import WebGPU

/// Device loss as executors with their own thread (JS isolates) see it, and the callback forms they use.
@Suite struct DeviceLossTests {
    /// Every waiter hears of the loss, not just the last one to ask.
    @Test func everyWaiterOnLostIsTold() async throws {
        let device = try await makeDevice()
        let heard = LockedCounter()
        for _ in 0..<3 { device.onLost { info in if info.reason == .destroyed { heard.increment() } } }
        async let first = device.lost
        async let second = device.lost
        try await Task.sleep(for: .milliseconds(50))  // both awaits are parked before the loss
        device.destroy()
        #expect(await first.reason == .destroyed)
        #expect(await second.reason == .destroyed)
        #expect(heard.value == 3)
    }

    /// A loss wgpu reports on its own (what its device-lost callback delivers after a driver reset) reaches
    /// onLost with its reason, and a map still in flight fails instead of hanging.
    @Test func lossReportedByTheDriverAbortsPendingWork() async throws {
        let device = try await makeDevice()
        let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
        let readback = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        try SlowWork(device: device, writing: buffer).submit(workgroups: 64)
        let mapped = CompletionProbe()
        readback.mapAsync(.read) { mapped.record($0) }
        let lost = CompletionProbe()
        device.onLost { info in lost.record(info.reason == .unknown ? .success(()) : .failure(WebGPUError.operation("reason \(info.reason)"))) }
        device.core.sink.deviceLost(DeviceLostInfo(reason: .unknown, message: "simulated driver reset"))
        #expect(try await lost.outcome().get() == ())
        await #expect(throws: WebGPUError.self) { try await mapped.outcome().get() }
        #expect(await device.lost.message == "simulated driver reset")
        device.destroy()
    }

    @Test func callbackFormsDeliverResults() async throws {
        let device = try await makeDevice()
        let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        let done = CompletionProbe()
        device.queue.onSubmittedWorkDone { done.record($0) }
        try await done.outcome().get()
        let mapped = CompletionProbe()
        buffer.mapAsync(.read) { mapped.record($0) }
        try await mapped.outcome().get()
        #expect(buffer.mapState == .mapped)
        let invalid = CompletionProbe()
        buffer.mapAsync(.write) { invalid.record($0) }  // already mapped, and not MAP_WRITE: fails at once
        await #expect(throws: WebGPUError.self) { try await invalid.outcome().get() }
    }
}

/// Collects one callback result, for awaiting it in a test.
private final class CompletionProbe: @unchecked Sendable {
    private let completion = Completion<Void>()
    func record(_ result: Result<Void, any Error>) { completion.resolve(result) }
    func outcome() async -> Result<Void, any Error> {
        do { return .success(try await completion.value()) } catch { return .failure(error) }
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
