import CWebGPU
import Foundation

/// What every object made by a device shares: the device handle, its error sink and its event pump.
/// Objects hold the core (not the `Device`), so a queue or buffer kept after the device object is gone
/// still works, and the pump runs until the last of them is released.
final class DeviceCore: @unchecked Sendable {
    let handle: WGPUDevice
    let instance: Instance
    let sink: ErrorSink
    let pump: EventPump
    let queue: WGPUQueue
    let wholeBufferInitializer: WholeBufferInitializer
    private let lock = NSLock()
    private var unflushedWrites = false

    init(handle: WGPUDevice, instance: Instance, sink: ErrorSink, label: String) {
        self.handle = handle
        self.instance = instance
        self.sink = sink
        pump = EventPump(device: handle, label: label)
        sink.pump = pump
        queue = wgpuDeviceGetQueue(handle)
        wholeBufferInitializer = WholeBufferInitializer(device: handle)
    }

    deinit {
        pump.stop()
        wgpuQueueRelease(queue)
        wgpuDeviceRelease(handle)
    }

    /// Records a `writeBuffer`: wgpu stages it until the next submission.
    func noteWrite() {
        lock.lock()
        unflushedWrites = true
        lock.unlock()
    }

    /// Submits (queue index returned to the pump) and clears the staged-writes flag.
    func submit(_ commandBuffers: [WGPUCommandBuffer?]) {
        lock.lock()
        unflushedWrites = false
        lock.unlock()
        let index = commandBuffers.withUnsafeBufferPointer { wgpuQueueSubmitForIndex(queue, $0.count, $0.baseAddress) }
        pump.submitted(index)
    }

    /// Makes staged `writeBuffer` data reach its buffer before a map: wgpu maps a buffer that no
    /// submission uses at once, which would show the contents from before the write.
    func flushWrites() {
        lock.lock()
        let needed = unflushedWrites
        lock.unlock()
        if needed && !sink.isLost { submit([]) }
    }

    /// Reports a validation error found on the Swift side, exactly as if wgpu had reported it.
    func validationError(_ message: String) {
        sink.report(GPUError(.validation, message))
    }
}
