import CWebGPU

/// What every object made by a device shares: the device handle, its error sink and its event pump.
/// Objects hold the core (not the `Device`), so a queue or buffer kept after the device object is gone
/// still works, and the pump runs until the last of them is released.
final class DeviceCore: @unchecked Sendable {
    let handle: WGPUDevice
    let instance: Instance
    let sink: ErrorSink
    let pump: EventPump

    init(handle: WGPUDevice, instance: Instance, sink: ErrorSink, label: String) {
        self.handle = handle
        self.instance = instance
        self.sink = sink
        pump = EventPump(device: handle, label: label)
    }

    deinit {
        pump.stop()
        wgpuDeviceRelease(handle)
    }

    /// Reports a validation error found on the Swift side, exactly as if wgpu had reported it.
    func validationError(_ message: String) {
        sink.report(GPUError(.validation, message))
    }
}
