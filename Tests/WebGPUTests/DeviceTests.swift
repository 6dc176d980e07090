import Foundation
import Testing
import WebGPU

@Test func adapterReportsIdentityFeaturesAndLimits() async throws {
    let instance = try Instance()
    let adapter = try #require(try await instance.requestAdapter(RequestAdapterOptions(powerPreference: .highPerformance)))
    #expect(!adapter.info.device.isEmpty)
    #expect(adapter.info.backendType == .vulkan)
    #expect(adapter.limits.maxBindGroups >= 4)
    #expect(adapter.limits["maxComputeInvocationsPerWorkgroup"]! >= 256)
    #expect(adapter.limits["noSuchLimit"] == nil)
    #expect(Instance.wgpuNativeVersion.hasPrefix("29."))
}

@Test func requestDeviceValidatesFeaturesAndLimits() async throws {
    let instance = try Instance()
    let adapter = try #require(try await instance.requestAdapter())
    await #expect(throws: WebGPUError.self) {
        try await adapter.requestDevice(DeviceDescriptor(requiredLimits: ["maxWarpDrive": 1]))
    }
    await #expect(throws: WebGPUError.self) {
        try await adapter.requestDevice(DeviceDescriptor(requiredLimits: ["maxBufferSize": adapter.limits.maxBufferSize + 1]))
    }
    if let missing = FeatureName.allCases.first(where: { !adapter.features.contains($0) }) {
        await #expect(throws: WebGPUError.self) {
            try await adapter.requestDevice(DeviceDescriptor(requiredFeatures: [missing]))
        }
    }
    let device = try await adapter.requestDevice(DeviceDescriptor(
        label: "big", requiredLimits: ["maxStorageBufferBindingSize": adapter.limits.maxStorageBufferBindingSize]))
    #expect(device.limits.maxStorageBufferBindingSize == adapter.limits.maxStorageBufferBindingSize)
}

@Test func destroyedDeviceResolvesLost() async throws {
    let device = try await makeDevice()
    let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
    device.destroy()
    let info = await device.lost
    #expect(info.reason == .destroyed)
    // Work on a lost device fails cleanly instead of hanging or crashing.
    await #expect(throws: WebGPUError.self) { try await buffer.mapAsync(.read) }
}

@Test func onSubmittedWorkDoneWaitsForTheGPU() async throws {
    let device = try await makeDevice()
    let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.storage, .copySrc]))
    try SlowWork(device: device, writing: buffer).submit(workgroups: 4)
    try await device.queue.onSubmittedWorkDone()
    try await device.queue.onSubmittedWorkDone()  // nothing pending: resolves at once
}

/// The pump must sleep while nothing is pending: an idle device's pump thread uses no CPU time.
/// Measured on that thread alone (/proc), since other tests run in parallel in this process.
@Test func idleDeviceUsesNoCPU() async throws {
    let device = try await makeDevice(DeviceDescriptor(label: "idle-test"))
    let buffer = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
    try await buffer.mapAsync(.read)  // the pump has run at least once
    buffer.unmap()
    let before = try pumpCPUTicks(name: "pump:idle-test")
    try await Task.sleep(for: .milliseconds(500))
    let used = try pumpCPUTicks(name: "pump:idle-test") - before
    #expect(used == 0, "the idle pump thread used \(used) clock ticks in 0.5 s")
    withExtendedLifetime(device) {}
}

/// utime + stime (clock ticks) of this process's thread called `name`.
private func pumpCPUTicks(name: String) throws -> Int {
    let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
    for task in tasks {
        let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
        guard comm.trimmingCharacters(in: .whitespacesAndNewlines) == name else { continue }
        let stat = try String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8)
        // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
        let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
        return Int(fields[11])! + Int(fields[12])!
    }
    throw WebGPUError.operation("no thread named \(name)")
}
