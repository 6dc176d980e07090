import Dispatch
import Foundation

/// Which object an alarm belongs to.
public struct AlarmTarget: Hashable, Sendable {
    public var className: String
    public var objectID: String
    public init(className: String, objectID: String) {
        self.className = className
        self.objectID = objectID
    }
}

/// Tells the host when a Durable Object's alarm is due: one timer per object, armed for the stored time,
/// so nothing polls. The host runs `alarm()` from `onDue` and then calls `finishAlarm(scheduledAt:)`
/// on the object's storage (which reschedules or clears through `onAlarmChange`).
public final class AlarmScheduler: @unchecked Sendable {
    private let lock = NSLock()
    private var timers: [AlarmTarget: (time: Date, timer: DispatchSourceTimer, token: UInt64)] = [:]
    /// Tells a firing timer whether it is still the current one for its target (a replaced timer may
    /// already be queued to fire when it is cancelled).
    private var nextToken: UInt64 = 0
    private let queue = DispatchQueue(label: "kiln.alarms")
    private let onDue: @Sendable (AlarmTarget, Date) -> Void

    /// `onDue(target, scheduledTime)` is called on a private queue when an alarm's time comes.
    public init(onDue: @escaping @Sendable (AlarmTarget, Date) -> Void) {
        self.onDue = onDue
    }

    deinit {
        for entry in timers.values { entry.timer.cancel() }
    }

    /// Arms the timer of `target` for `time` (replacing an earlier one); nil disarms it.
    /// A time in the past fires right away, as a missed alarm does after a restart.
    public func schedule(_ target: AlarmTarget, at time: Date?) {
        lock.withLock {
            timers.removeValue(forKey: target)?.timer.cancel()
            guard let time else { return }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            nextToken += 1
            let token = nextToken
            let delay = max(0, time.timeIntervalSinceNow)
            timer.schedule(wallDeadline: .now() + delay, leeway: .milliseconds(1))
            timer.setEventHandler { [weak self] in
                guard let self else { return }
                let fired: DispatchSourceTimer? = self.lock.withLock {
                    guard self.timers[target]?.token == token else { return nil }
                    return self.timers.removeValue(forKey: target)?.timer
                }
                guard let fired else { return }
                fired.cancel()
                self.onDue(target, time)
            }
            timers[target] = (time, timer, token)
            timer.resume()
        }
    }

    /// When the timer of `target` will fire, if armed.
    public func scheduledTime(for target: AlarmTarget) -> Date? {
        lock.withLock { timers[target]?.time }
    }
}
