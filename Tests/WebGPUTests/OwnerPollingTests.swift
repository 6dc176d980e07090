import Foundation
import Testing
import WebGPU

/// A thread that owns a device's polling (as a JS isolate does): it issues read-backs and, whenever it has
/// nothing else to do, calls `pollWhenIdle`. Records on which thread each read-back's callback ran.
private final class OwnerThreadRun: @unchecked Sendable {
    let device: Device
    let mayBlock: Bool
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var ownerThread = pthread_t(bitPattern: 0)
    private(set) var callbacksOnOwner = 0
    private(set) var callbacksElsewhere = 0
    private(set) var blockingPolls = 0
    private(set) var failures: [String] = []

    init(device: Device, mayBlock: Bool) {
        self.device = device
        self.mayBlock = mayBlock
    }

    /// Runs `rounds` read-backs on a new thread and returns when it has finished.
    func run(rounds: Int) {
        let finished = DispatchSemaphore(value: 0)
        Thread { [self] in
            ownerThread = pthread_self()
            device.letOwnerPoll()
            do {
                try readBacks(rounds)
            } catch {
                lock.withLock { failures.append("\(error)") }
            }
            finished.signal()
        }.start()
        finished.wait()
    }

    private func readBacks(_ rounds: Int) throws {
        let readback = try device.createBuffer(BufferDescriptor(size: 16, usage: [.mapRead, .copyDst]))
        for _ in 0..<rounds {
            let encoder = device.createCommandEncoder()
            encoder.clearBuffer(readback)
            device.queue.submit([try encoder.finish()])
            readback.mapAsync(.read) { [self] result in
                let onOwner = pthread_equal(pthread_self(), ownerThread) != 0
                lock.withLock {
                    if onOwner { callbacksOnOwner += 1 } else { callbacksElsewhere += 1 }
                    if case .failure(let error) = result { failures.append("\(error)") }
                }
                done.signal()
            }
            // The owner's event loop, idle until the callback arrives: it offers its idle time to the device
            // first, then sleeps.
            if device.pollWhenIdle(mayBlock: mayBlock) { blockingPolls += 1 }
            guard done.wait(timeout: .now() + 10) == .success else {
                throw WebGPUError.operation("a read-back never settled")
            }
            readback.unmap()
        }
    }
}

@Test func ownerPollsBriefReadBacksOnItsOwnThread() async throws {
    let run = OwnerThreadRun(device: try await makeDevice(), mayBlock: true)
    run.run(rounds: 20)
    #expect(run.failures.isEmpty, "\(run.failures)")
    // The first read-back goes through the event pump (no poll has been timed yet); once recent waits are
    // known to be brief, the owner polls itself and the callbacks run on its thread. A wait that was not brief
    // (the full suite starts by compiling ONNX pipelines on both of CI's cores) hands the next ones back to the
    // pump until a brief one is timed again, so most, not all, of the later ones run on the owner.
    #expect(run.callbacksOnOwner + run.callbacksElsewhere == 20)
    #expect(run.callbacksOnOwner >= 12)
    #expect(run.blockingPolls >= 12)
}

@Test func ownerThatMustNotBlockHandsItsReadBacksToThePump() async throws {
    let run = OwnerThreadRun(device: try await makeDevice(), mayBlock: false)
    run.run(rounds: 5)
    #expect(run.failures.isEmpty, "\(run.failures)")
    #expect(run.callbacksElsewhere == 5)
    #expect(run.blockingPolls == 0)
}
