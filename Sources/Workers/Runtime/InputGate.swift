import Foundation
import JavaScript

/// A Durable Object's input gate: events (requests, RPC calls, alarms) are delivered to the object's isolate
/// one per isolate task, in arrival order, and none while `blockConcurrencyWhile` holds the gate closed.
/// One event per task matters: the microtasks of one event (continuations after `await storage.get()`)
/// all run before the next event starts, which keeps read-modify-write sequences whole.
final class InputGate: @unchecked Sendable {
    typealias Event = (JSContext) throws -> Void

    private let isolate: Isolate
    private let lock = NSLock()
    private var waiting: [Event] = []
    private var closedCount = 0
    private var pumpScheduled = false

    init(isolate: Isolate) { self.isolate = isolate }

    /// Queues an event for the object; it runs on the isolate thread when its turn comes.
    func deliver(_ event: @escaping Event) {
        lock.lock()
        waiting.append(event)
        let schedule = scheduleIfNeeded()
        lock.unlock()
        if schedule { isolate.enqueue(pump) }
    }

    /// Called from JS (isolate thread) when `blockConcurrencyWhile` starts.
    func close() {
        lock.lock()
        closedCount += 1
        lock.unlock()
    }

    /// Called from JS (isolate thread) when a `blockConcurrencyWhile` callback has settled.
    func open() {
        lock.lock()
        closedCount = max(0, closedCount - 1)
        let schedule = scheduleIfNeeded()
        lock.unlock()
        if schedule { isolate.enqueue(pump) }
    }

    var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closedCount == 0
    }

    /// With the lock held: whether a pump task must be queued now.
    private func scheduleIfNeeded() -> Bool {
        guard closedCount == 0, !pumpScheduled, !waiting.isEmpty else { return false }
        pumpScheduled = true
        return true
    }

    private func pump(_ ctx: JSContext) throws {
        lock.lock()
        pumpScheduled = false
        guard closedCount == 0, !waiting.isEmpty else { lock.unlock(); return }
        let event = waiting.removeFirst()
        let again = scheduleIfNeeded()
        lock.unlock()
        if again { isolate.enqueue(pump) }
        try event(ctx)
    }
}
