import Foundation

/// The Durable Object storage of one state folder: `<stateDir>/do/<class>/<id>.sqlite`, or everything in
/// memory (`--no-persist`). Hands out one `DurableObjectStorage` per object and keeps an `AlarmScheduler`
/// in step with every object's stored alarm.
public final class DurableObjectStorageRoot: @unchecked Sendable {
    /// `<stateDir>/do`, or nil when in memory.
    public let directory: String?
    public let scheduler: AlarmScheduler?
    private let lock = NSLock()
    private var open: [AlarmTarget: DurableObjectStorage] = [:]

    /// `stateDirectory` nil keeps all storage in memory (lost on exit).
    public init(stateDirectory: String?, scheduler: AlarmScheduler? = nil) {
        directory = stateDirectory.map { $0 + "/do" }
        self.scheduler = scheduler
    }

    /// The storage of object `objectID` of class `className`, opened on first use.
    public func storage(className: String, objectID: String) throws -> DurableObjectStorage {
        try Self.validate(name: className, what: "Durable Object class name")
        try Self.validate(name: objectID, what: "Durable Object id")
        let target = AlarmTarget(className: className, objectID: objectID)
        return try lock.withLock {
            if let storage = open[target] { return storage }
            let storage = try DurableObjectStorage(path: directory.map { "\($0)/\(className)/\(objectID).sqlite" })
            if let scheduler {
                storage.onAlarmChange = { [weak scheduler] time in scheduler?.schedule(target, at: time) }
            }
            open[target] = storage
            return storage
        }
    }

    /// Arms the scheduler for every alarm stored on disk (call once when the host starts);
    /// returns what it found.
    @discardableResult
    public func schedulePersistedAlarms() throws -> [AlarmTarget: Date] {
        guard let directory else { return [:] }
        var found: [AlarmTarget: Date] = [:]
        let manager = FileManager.default
        for className in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] {
            for file in (try? manager.contentsOfDirectory(atPath: directory + "/" + className)) ?? [] where file.hasSuffix(".sqlite") {
                let objectID = String(file.dropLast(".sqlite".count))
                guard let storage = try? storage(className: className, objectID: objectID),
                      let time = try storage.getAlarm() else { continue }
                let target = AlarmTarget(className: className, objectID: objectID)
                found[target] = time
                scheduler?.schedule(target, at: time)
            }
        }
        return found
    }

    /// Class names and ids become file names: letters, digits, `_`, `-` and `.` only, and not `.`/`..`.
    static func validate(name: String, what: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 || byte == 45 || byte == 46
        }
        guard allowed, !name.isEmpty, name != ".", name != "..", name.utf8.count <= 200 else {
            throw DurableObjectStorageError.invalidName("\(what) \"\(name)\" cannot name a storage file (use letters, digits, '_', '-', '.').")
        }
    }
}
