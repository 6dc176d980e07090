import Foundation

/// The storage of one Durable Object (`state.storage`): ordered keys → opaque values in a SQLite file
/// (`<stateDir>/do/<class>/<id>.sqlite`) or in memory. Thread-safe; the runtime's input gate makes
/// calls from one object sequential, which `transaction` relies on.
public final class DurableObjectStorage: @unchecked Sendable {
    let database: SQLiteDatabase
    let lock = NSLock()
    /// Called after the alarm time changes (nil: deleted), so the host can reschedule its timer.
    public var onAlarmChange: (@Sendable (Date?) -> Void)?

    /// Opens (creating if needed) the storage file at `path`; nil keeps everything in memory.
    public init(path: String?) throws {
        if let path {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        }
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            CREATE TABLE IF NOT EXISTS kv(key BLOB PRIMARY KEY, type TEXT NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS alarm(id INTEGER PRIMARY KEY CHECK (id = 1), time INTEGER NOT NULL);
            """)
    }

    // MARK: single keys

    public func get(_ key: String) throws -> DurableObjectValue? {
        try Self.check(key: key)
        return try lock.withLock {
            let statement = try database.prepare("SELECT type, value FROM kv WHERE key = ?")
            try statement.bind(.blob(Array(key.utf8)))
            return try statement.step() ? DurableObjectValue(type: statement.text(0), bytes: statement.blob(1)) : nil
        }
    }

    public func put(_ key: String, _ value: DurableObjectValue) throws {
        try put([DurableObjectEntry(key: key, value: value)])
    }

    /// Deletes `key`; true when it existed.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        try delete([key]) == 1
    }

    // MARK: several keys (at most 128, applied atomically)

    /// The stored entries among `keys`, in key order; missing keys are left out.
    public func get(_ keys: [String]) throws -> [DurableObjectEntry] {
        try Self.check(keys: keys)
        return try lock.withLock {
            let statement = try database.prepare("SELECT type, value FROM kv WHERE key = ?")
            var entries: [DurableObjectEntry] = []
            for key in Set(keys) {
                try statement.bind(.blob(Array(key.utf8)))
                if try statement.step() {
                    entries.append(DurableObjectEntry(key: key, value: DurableObjectValue(type: statement.text(0), bytes: statement.blob(1))))
                }
            }
            return entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        }
    }

    public func put(_ entries: [DurableObjectEntry]) throws {
        try Self.check(keys: entries.map(\.key))
        for entry in entries where entry.value.bytes.count > DurableObjectStorageError.maximumValueSize {
            throw DurableObjectStorageError.valueTooLarge(size: entry.value.bytes.count)
        }
        try lock.withLock {
            try database.inSavepoint {
                let statement = try database.prepare("INSERT OR REPLACE INTO kv(key, type, value) VALUES (?,?,?)")
                for entry in entries {
                    try statement.bind(.blob(Array(entry.key.utf8)), .text(entry.value.type), .blob(entry.value.bytes))
                    try statement.run()
                }
            }
        }
    }

    /// Deletes `keys`; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String]) throws -> Int {
        try Self.check(keys: keys)
        return try lock.withLock {
            try database.inSavepoint {
                let statement = try database.prepare("DELETE FROM kv WHERE key = ?")
                var count = 0
                for key in Set(keys) {
                    try statement.bind(.blob(Array(key.utf8)))
                    try statement.run()
                    count += database.changes
                }
                return count
            }
        }
    }

    // MARK: ranges

    public func list(_ options: DurableObjectListOptions = DurableObjectListOptions()) throws -> [DurableObjectEntry] {
        if options.start != nil && options.startAfter != nil {
            throw DurableObjectStorageError.invalidOption("list() cannot be called with both start and startAfter values.")
        }
        if let limit = options.limit, limit <= 0 {
            throw DurableObjectStorageError.invalidOption("List limit must be positive.")
        }
        var conditions: [String] = []
        var values: [SQLiteStatement.Value] = []
        if let start = options.start { conditions.append("key >= ?"); values.append(.blob(Array(start.utf8))) }
        if let after = options.startAfter { conditions.append("key > ?"); values.append(.blob(Array(after.utf8))) }
        if let end = options.end { conditions.append("key < ?"); values.append(.blob(Array(end.utf8))) }
        if let prefix = options.prefix, !prefix.isEmpty {
            let bytes = Array(prefix.utf8)
            conditions.append("key >= ?")
            values.append(.blob(bytes))
            if let bound = Self.upperBound(ofPrefix: bytes) {
                conditions.append("key < ?")
                values.append(.blob(bound))
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = options.reverse ? "DESC" : "ASC"
        let limit = options.limit.map { "LIMIT \($0)" } ?? ""
        return try lock.withLock {
            let statement = try database.prepare("SELECT key, type, value FROM kv \(filter) ORDER BY key \(order) \(limit)")
            try statement.bindAll(values)
            var entries: [DurableObjectEntry] = []
            while try statement.step() {
                entries.append(DurableObjectEntry(key: String(decoding: statement.blob(0), as: UTF8.self),
                                                  value: DurableObjectValue(type: statement.text(1), bytes: statement.blob(2))))
            }
            return entries
        }
    }

    /// Deletes every key. As in workerd, the alarm is kept (delete it with `deleteAlarm`).
    public func deleteAll() throws {
        try lock.withLock { try database.execute("DELETE FROM kv") }
    }

    // MARK: transactions

    /// Runs `body` atomically: all its writes commit together, or none do when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            try rollback()
            throw error
        }
    }

    /// The async form for JS transactions, whose callbacks await; the input gate keeps other events of
    /// this object out while it runs, so every call made meanwhile belongs to the transaction.
    public func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try begin()
        do {
            let result = try await body()
            try commit()
            return result
        } catch {
            try rollback()
            throw error
        }
    }

    private func begin() throws { try lock.withLock { try database.execute("SAVEPOINT kiln_transaction") } }
    private func commit() throws { try lock.withLock { try database.execute("RELEASE kiln_transaction") } }
    private func rollback() throws {
        try lock.withLock { try database.execute("ROLLBACK TO kiln_transaction; RELEASE kiln_transaction") }
    }

    // MARK: validation

    static func check(key: String) throws {
        let size = key.utf8.count
        guard size <= DurableObjectStorageError.maximumKeySize else { throw DurableObjectStorageError.keyTooLarge(size: size) }
    }

    static func check(keys: [String]) throws {
        guard keys.count <= DurableObjectStorageError.maximumKeysPerCall else {
            throw DurableObjectStorageError.tooManyKeys(count: keys.count)
        }
        for key in keys { try check(key: key) }
    }

    /// The smallest byte string above every string that starts with `prefix`; nil when none exists (all 0xFF).
    static func upperBound(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bound = prefix
        while let last = bound.last {
            if last < 0xFF {
                bound[bound.count - 1] = last + 1
                return bound
            }
            bound.removeLast()
        }
        return nil
    }
}
