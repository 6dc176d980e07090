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
/// - When the device is lost or destroyed the pump stops polling (wgpu-native aborts the process if a
///   poll fails) and settles every operation still in flight through the `abandon` closure it was
///   registered with, so no caller waits forever.
/// - Requests that wgpu-native answers inline (adapter, device) never wait here; error scopes and
///   compilation info are kept on the Swift side (`ErrorSink`, `ShaderModule`), and
///   createComputePipelineAsync is synchronous in wgpu, so none of them needs a poll either.
///
/// Owner polling: a device used from one thread that runs an event loop of its own (a JS isolate) can hand
/// the polling of its own operations to that thread (`letOwnerPoll()`). Operations the owner issues then do
/// not wake the pump; instead the owner calls `pollWhenIdle(mayBlock:)` each time it runs out of work. If the
/// GPU's recent waits were brief, it makes the blocking poll itself, so the callbacks run on the owner's
/// thread and a read-back loop pays no thread hand-off at all; otherwise (or when it must not block, e.g. a
/// timer is due) it wakes the pump, which then polls as described above. Only one thread polls at a time.
/// Deferring the pump's wake costs nothing: the owner could not act on a result before it is idle anyway.
///
/// Cost of the blocking poll: while it waits, wgpu holds the device fence for reading, so a submit from
/// another thread waits until the GPU finishes the work being waited for. The GPU executes one queue in
/// order anyway, so this delays enqueueing but not execution.
final class EventPump: @unchecked Sendable {
    private let condition = NSCondition()
    private let device: WGPUDevice
    private var pending: [UInt64: @Sendable () -> Void] = [:]
    private var nextOperation: UInt64 = 0
    private var lost = false
    private var generation: UInt64 = 0
    private var polledGeneration: UInt64 = .max
    private var latestSubmission: UInt64 = 0
    /// The newest submission a poll has seen finished.
    private var completedSubmission: UInt64 = 0
    /// How long recent blocking polls took (ns, a moving average); unknown before the first.
    private var recentPollWait: UInt64?
    /// The thread that polls for its own operations when idle (see `letOwnerPoll`), if any.
    private var owner: pthread_t?
    private var pumpPolling = false
    private var ownerPolling = false
    /// The longest recent poll for which the owner still waits on its own thread.
    static let briefWaitNanoseconds: UInt64 = 2_000_000
    private var stopped = false
    private var exited = false
    private var thread: pthread_t?

    init(device: WGPUDevice, label: String) {
        wgpuDeviceAddRef(device)
        self.device = device
        let name = "pump:\(label)"
        let thread = Thread { [self] in
            // The OS-level name (top, /proc) of this thread; Linux keeps 15 characters.
            try? String(name.prefix(15)).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            condition.lock()
            self.thread = pthread_self()
            condition.unlock()
            run()
        }
        thread.start()
    }

    /// Counts an operation before its C call is made, so the pump cannot miss its callback.
    /// `abandon` settles it if the device is lost first. Returns nil (and does not count it) when the
    /// device is already lost: the caller must fail the operation itself.
    func begin(abandon: @escaping @Sendable () -> Void) -> UInt64? {
        condition.lock()
        defer { condition.unlock() }
        if lost { return nil }
        nextOperation += 1
        pending[nextOperation] = abandon
        return nextOperation
    }

    /// Wakes the pump after the C call of a counted operation was made, unless the owner issued it (the owner
    /// polls or wakes the pump when it is idle).
    func issued() {
        condition.lock()
        if !isOwnerThread {
            generation &+= 1
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Makes the calling thread the owner: see "Owner polling" above.
    func letOwnerPoll() {
        condition.lock()
        owner = pthread_self()
        condition.unlock()
    }

    /// Called by the owner when it has run out of work. Returns true if it polled (blocking) on this thread;
    /// false if there was nothing to poll for, or the pump was woken to do it. Each true return covers a newer
    /// submission than the last, so an owner that calls it again whenever it is idle cannot spin.
    func pollWhenIdle(mayBlock: Bool) -> Bool {
        condition.lock()
        guard !stopped, !lost, !pending.isEmpty else {
            condition.unlock()
            return false
        }
        let brief = recentPollWait.map { $0 <= Self.briefWaitNanoseconds } ?? false
        guard mayBlock, brief, !pumpPolling, latestSubmission > completedSubmission else {
            generation &+= 1
            condition.broadcast()
            condition.unlock()
            return false
        }
        ownerPolling = true
        var target = latestSubmission
        condition.unlock()
        let start = DispatchTime.now().uptimeNanoseconds
        _ = wgpuDevicePoll(device, 1, &target)
        condition.lock()
        ownerPolling = false
        notePollFinished(target: target, blockedSince: start)
        // Operations the poll did not settle are left to the pump; otherwise the pump sleeps on undisturbed.
        if !pending.isEmpty {
            generation &+= 1
            condition.broadcast()
        }
        condition.unlock()
        return true
    }

    private var isOwnerThread: Bool {
        owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Records a finished blocking poll. Called with the lock held.
    private func notePollFinished(target: UInt64, blockedSince start: UInt64) {
        completedSubmission = max(completedSubmission, target)
        let blocked = DispatchTime.now().uptimeNanoseconds - start
        recentPollWait = recentPollWait.map { ($0 * 3 + blocked) / 4 } ?? blocked
    }

    /// Uncounts an operation whose callback ran.
    func end(_ operation: UInt64) {
        condition.lock()
        pending[operation] = nil
        condition.unlock()
    }

    /// Stops polling for good and settles every operation in flight (device lost or destroyed).
    func abandonAll() {
        condition.lock()
        lost = true
        let abandoned = pending.values
        pending.removeAll()
        condition.unlock()
        for abandon in abandoned { abandon() }
    }

    /// Records a queue submission: pending operations may now be waiting on it.
    func submitted(_ index: UInt64) {
        condition.lock()
        latestSubmission = max(latestSubmission, index)
        if !isOwnerThread {
            generation &+= 1
            if !pending.isEmpty { condition.broadcast() }
        }
        condition.unlock()
    }

    /// Ends the thread after its current poll and waits until it has dropped its reference to the device,
    /// so the caller's own release is the last one. Were the pump thread to make the last release, the
    /// driver could tear the device down while the process exits (NVIDIA's driver then crashes in its exit
    /// handlers). When the last reference goes from inside a callback on the pump thread itself, there is
    /// nothing to wait for: the thread releases its reference as soon as that callback returns.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        let onPumpThread = thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        while !onPumpThread && !exited { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while !stopped && (lost || pending.isEmpty || polledGeneration == generation || ownerPolling) {
                condition.wait()
            }
            if stopped { break }
            let snapshot = generation
            var target = latestSubmission
            pumpPolling = true
            condition.unlock()
            let start = DispatchTime.now().uptimeNanoseconds
            if target > 0 {
                _ = wgpuDevicePoll(device, 1, &target)
            } else {
                _ = wgpuDevicePoll(device, 1, nil)
            }
            condition.lock()
            pumpPolling = false
            if target > 0 { notePollFinished(target: target, blockedSince: start) }
            polledGeneration = snapshot
        }
        condition.unlock()
        wgpuDeviceRelease(device)
        condition.lock()
        exited = true
        condition.broadcast()
        condition.unlock()
    }
}
