import Foundation
import Storage

/// Fires Durable Object alarms: the Storage layer's scheduler says when one is due; this runs `alarm()`
/// in the current code, clears the alarm when it succeeds, and retries with backoff when it throws,
/// as workerd does (up to six retries, starting at two seconds).
final class AlarmRunner: @unchecked Sendable {
    static let maxRetries = 6
    let log: @Sendable (String) -> Void
    weak var runtime: WorkerRuntime?
    private(set) var scheduler: AlarmScheduler!
    private let lock = NSLock()
    /// Alarms being retried: attempts so far and the stored time that `finishAlarm` must clear.
    private var retries: [AlarmTarget: (attempt: Int, storedTime: Date)] = [:]

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
        scheduler = AlarmScheduler { [weak self] target, time in
            Task { await self?.fire(target, scheduledAt: time) }
        }
    }

    private func fire(_ target: AlarmTarget, scheduledAt time: Date) async {
        guard let runtime else { return }
        let storedTime = lock.withLock { retries[target]?.storedTime } ?? time
        do {
            try await runtime.runAlarm(target)
            lock.withLock { retries[target] = nil }
            let storage = try runtime.storageRoot.storage(className: target.className, objectID: target.objectID)
            try storage.finishAlarm(scheduledAt: storedTime)
        } catch {
            let attempt = lock.withLock { () -> Int in
                let attempt = (retries[target]?.attempt ?? 0) + 1
                retries[target] = (attempt, storedTime)
                return attempt
            }
            log("✘ [ERROR] alarm() of \(target.className) \(target.objectID.prefix(8)) failed: \(ScriptFailure(error).logText)")
            guard attempt <= Self.maxRetries else {
                lock.withLock { retries[target] = nil }
                return
            }
            scheduler.schedule(target, at: Date().addingTimeInterval(2 * pow(2, Double(attempt - 1))))
        }
    }
}
