import WebGPU

/// A fresh device on the machine's default adapter (lavapipe here). Each test gets its own device
/// because error scopes are per device and swift-testing runs tests in parallel.
func makeDevice(_ descriptor: DeviceDescriptor = DeviceDescriptor()) async throws -> Device {
    let instance = try Instance()
    guard let adapter = try await instance.requestAdapter() else {
        throw WebGPUError.requestFailed("no WebGPU adapter on this machine")
    }
    return try await adapter.requestDevice(descriptor)
}

/// Copies `buffer` into a MAP_READ buffer, waits for the GPU, and returns its contents.
func readBack<Element: BitwiseCopyable>(_ buffer: Buffer, as type: Element.Type, device: Device) async throws -> [Element] {
    let staging = try device.createBuffer(BufferDescriptor(size: buffer.size, usage: [.mapRead, .copyDst]))
    let encoder = device.createCommandEncoder()
    encoder.copyBufferToBuffer(buffer, to: staging, size: buffer.size)
    device.queue.submit([try encoder.finish()])
    try await staging.mapAsync(.read)
    defer { staging.unmap() }
    return try staging.readMapped(as: type)
}
