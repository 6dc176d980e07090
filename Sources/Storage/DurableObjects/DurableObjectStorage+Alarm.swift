import Foundation

extension DurableObjectStorage {
    /// The scheduled alarm time, or nil.
    public func getAlarm() throws -> Date? {
        try lock.withLock {
            let statement = try database.prepare("SELECT time FROM alarm WHERE id = 1")
            return try statement.step() ? Date(timeIntervalSince1970: Double(statement.int64(0)) / 1000) : nil
        }
    }

    /// Schedules the alarm (replacing any earlier one); stored with millisecond precision.
    public func setAlarm(_ time: Date) throws {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded())
        try lock.withLock {
            try database.prepare("INSERT OR REPLACE INTO alarm(id, time) VALUES (1, ?)").bind(.integer(milliseconds)).run()
        }
        onAlarmChange?(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    public func deleteAlarm() throws {
        try lock.withLock { try database.execute("DELETE FROM alarm") }
        onAlarmChange?(nil)
    }

    /// After `alarm()` ran successfully for the alarm due at `time`: deletes it unless the handler set a new one.
    /// Returns whether an alarm remains scheduled.
    @discardableResult
    public func finishAlarm(scheduledAt time: Date) throws -> Bool {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded())
        let remaining: Bool = try lock.withLock {
            try database.prepare("DELETE FROM alarm WHERE time = ?").bind(.integer(milliseconds)).run()
            return try database.prepare("SELECT 1 FROM alarm").step()
        }
        if !remaining { onAlarmChange?(nil) }
        return remaining
    }
}
