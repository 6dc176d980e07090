import CWebGPU
import Foundation

/// Drives wgpu-native's asynchronous callbacks for one device without busy-waiting.
///
/// How asynchrony works in Kiln's WebGPU layer:
/// - Every webgpu.h call that completes later (`mapAsync`, `onSubmittedWorkDone`) is issued with
///   `WGPUCallbackMode_AllowProcessEvents`: its callback runs only inside a poll. wgpu-native has no
///   `wgpuInstanceWaitAny`, and spontaneous callbacks would fire on arbitrary internal threads.
/// - Each device owns one pump thread. It counts operations in flight. While the count is 0 it sleeps
///   on a condition variable (an idle process uses ~0% CPU). While operations are pending it calls
///   `wgpuDevicePoll(device, wait: true, submission)`, which blocks in the driver until the GPU has
///   finished the newest submission and then fires the ready callbacks, so a pending map resolves as
///   soon as the GPU is done, not on a timer tick.
/// - A poll that returns with operations still pending (their work was not submitted yet, or they
///   were issued while it ran) is not repeated blindly: the pump sleeps until something new happens,
///   i.e. an operation is issued (`issued()`) or work is submitted (`submitted(_:)`). This closes the
///   race where an operation is counted before its C call is made, without ever spinning.
/// - Callbacks resume Swift continuations (see `Completion`); that is safe from this thread because
///   resuming only enqueues the awaiting task on its executor.
/// - Requests that wgpu-native answers inline (adapter, device, compilation info) never wait here.
///
/// Cost of the blocking poll: while it waits, wgpu holds the device fence for reading, so a submit from
/// another thread waits until the GPU finishes the work being waited for. The GPU executes one queue in
/// order anyway, so this delays enqueueing but not execution.
final class EventPump: @unchecked Sendable {
    private let condition = NSCondition()
    private let device: WGPUDevice
    private var pending = 0
    private var generation: UInt64 = 0
    private var polledGeneration: UInt64 = .max
    private var latestSubmission: UInt64 = 0
    private var stopped = false

    init(device: WGPUDevice, label: String) {
        wgpuDeviceAddRef(device)
        self.device = device
        let thread = Thread { [self] in run() }
        thread.name = "kiln.webgpu.pump(\(label))"
        thread.start()
    }

    /// Counts an operation before its C call is made, so the pump cannot miss its callback.
    func begin() {
        condition.lock()
        pending += 1
        condition.unlock()
    }

    /// Wakes the pump after the C call of a counted operation was made.
    func issued() {
        condition.lock()
        generation &+= 1
        condition.signal()
        condition.unlock()
    }

    /// Uncounts an operation whose callback ran.
    func end() {
        condition.lock()
        pending -= 1
        condition.unlock()
    }

    /// Records a queue submission: pending operations may now be waiting on it.
    func submitted(_ index: UInt64) {
        condition.lock()
        latestSubmission = max(latestSubmission, index)
        generation &+= 1
        if pending > 0 { condition.signal() }
        condition.unlock()
    }

    /// Ends the thread after its current poll; it then drops its reference to the device.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while !stopped && (pending == 0 || polledGeneration == generation) {
                condition.wait()
            }
            if stopped { break }
            let snapshot = generation
            var target = latestSubmission
            condition.unlock()
            if target > 0 {
                _ = wgpuDevicePoll(device, 1, &target)
            } else {
                _ = wgpuDevicePoll(device, 1, nil)
            }
            condition.lock()
            polledGeneration = snapshot
        }
        condition.unlock()
        wgpuDeviceRelease(device)
    }
}
