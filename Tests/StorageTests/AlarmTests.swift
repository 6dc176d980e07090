import Foundation
import Testing
@testable import Storage

/// Records alarm deliveries and lets a test wait for them without polling.
final class AlarmRecorder: @unchecked Sendable {
    private let condition = NSCondition()
    private(set) var fired: [(AlarmTarget, Date, Date)] = []

    func record(_ target: AlarmTarget, _ scheduled: Date) {
        condition.withLock {
            fired.append((target, scheduled, Date()))
            condition.broadcast()
        }
    }

    func wait(for count: Int, timeout: TimeInterval) -> Bool {
        condition.withLock {
            let deadline = Date().addingTimeInterval(timeout)
            while fired.count < count { if !condition.wait(until: deadline) { return fired.count >= count } }
            return true
        }
    }
}

@Suite struct AlarmTests {
    @Test func setGetDeletePersist() throws {
        let state = TemporaryDirectory()
        let time = Date(timeIntervalSince1970: 2_000_000_000.123)
        do {
            let storage = try DurableObjectStorageRoot(stateDirectory: state.path).storage(className: "A", objectID: "x")
            #expect(try storage.getAlarm() == nil)
            try storage.setAlarm(time)
            try storage.deleteAll() // keeps the alarm, as workerd does
        }
        let storage = try DurableObjectStorageRoot(stateDirectory: state.path).storage(className: "A", objectID: "x")
        #expect(try storage.getAlarm() == time)
        try storage.deleteAlarm()
        #expect(try storage.getAlarm() == nil)
    }

    @Test func schedulerFiresAtTheStoredTimeAndFinishClearsIt() throws {
        let recorder = AlarmRecorder()
        let scheduler = AlarmScheduler { target, time in recorder.record(target, time) }
        let root = DurableObjectStorageRoot(stateDirectory: TemporaryDirectory().path, scheduler: scheduler)
        let storage = try root.storage(className: "A", objectID: "x")
        let due = Date().addingTimeInterval(0.2)
        try storage.setAlarm(due)
        let target = AlarmTarget(className: "A", objectID: "x")
        #expect(scheduler.scheduledTime(for: target) != nil)
        #expect(recorder.wait(for: 1, timeout: 5))
        let (firedTarget, scheduled, firedAt) = recorder.fired[0]
        #expect(firedTarget == target)
        #expect(firedAt >= due.addingTimeInterval(-0.01))
        // The handler set no new alarm: finishing deletes it.
        #expect(try !storage.finishAlarm(scheduledAt: scheduled))
        #expect(try storage.getAlarm() == nil)
    }

    @Test func rescheduleAndDeleteReplaceTheTimer() throws {
        let recorder = AlarmRecorder()
        let scheduler = AlarmScheduler { target, time in recorder.record(target, time) }
        let storage = try DurableObjectStorageRoot(stateDirectory: nil, scheduler: scheduler).storage(className: "A", objectID: "y")
        try storage.setAlarm(Date().addingTimeInterval(0.15))
        try storage.deleteAlarm()
        try storage.setAlarm(Date().addingTimeInterval(0.3))
        let later = Date().addingTimeInterval(0.35)
        try storage.setAlarm(later)
        #expect(recorder.wait(for: 1, timeout: 5))
        #expect(!recorder.wait(for: 2, timeout: 0.5))
        #expect(recorder.fired[0].1 == Date(timeIntervalSince1970: (later.timeIntervalSince1970 * 1000).rounded() / 1000))
        // The handler set a new alarm while running: finishing the old one keeps it.
        let next = Date().addingTimeInterval(60)
        try storage.setAlarm(next)
        #expect(try storage.finishAlarm(scheduledAt: recorder.fired[0].1))
        #expect(try storage.getAlarm() != nil)
    }

    @Test func persistedAlarmsAreRescheduledOnStartupAndMissedOnesFire() throws {
        let state = TemporaryDirectory()
        do {
            let root = DurableObjectStorageRoot(stateDirectory: state.path)
            try root.storage(className: "A", objectID: "past").setAlarm(Date().addingTimeInterval(-5))
            try root.storage(className: "B", objectID: "future").setAlarm(Date().addingTimeInterval(3600))
            try root.storage(className: "B", objectID: "none").put("k", DurableObjectValue(type: "json", bytes: []))
        }
        let recorder = AlarmRecorder()
        let scheduler = AlarmScheduler { target, time in recorder.record(target, time) }
        let found = try DurableObjectStorageRoot(stateDirectory: state.path, scheduler: scheduler).schedulePersistedAlarms()
        #expect(Set(found.keys) == [AlarmTarget(className: "A", objectID: "past"), AlarmTarget(className: "B", objectID: "future")])
        #expect(recorder.wait(for: 1, timeout: 5))
        #expect(recorder.fired.map(\.0) == [AlarmTarget(className: "A", objectID: "past")])
        #expect(scheduler.scheduledTime(for: AlarmTarget(className: "B", objectID: "future")) != nil)
    }
}
