import CSQLite
import Foundation

/// A SQLite connection. Not thread-safe by itself: each engine serializes access with its own lock,
/// and SQLite's file locks (with a busy timeout) serialize other processes such as the `kiln r2` CLI.
final class SQLiteDatabase {
    private(set) var handle: OpaquePointer?
    let path: String

    /// Opens (creating if needed) the database at `path`; `nil` opens a private in-memory database.
    init(path: String?) throws {
        self.path = path ?? ":memory:"
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(self.path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw StorageError.database("cannot open \(self.path): \(message)")
        }
        sqlite3_busy_timeout(handle, 10_000)
        if path != nil {
            // WAL lets the CLI read while `kiln dev` writes; FULL sync makes a commit durable once it returns.
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=FULL")
        }
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw StorageError.database("\(message) (in: \(sql.prefix(80)))")
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StorageError.database("\(lastError) (in: \(sql.prefix(80)))")
        }
        return SQLiteStatement(statement, database: self)
    }

    /// Runs `body` inside a savepoint: committed when it returns, rolled back when it throws.
    /// Savepoints nest, so a transaction inside a transaction is fine.
    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT kiln")
        do {
            let result = try body()
            try execute("RELEASE kiln")
            return result
        } catch {
            try? execute("ROLLBACK TO kiln")
            try? execute("RELEASE kiln")
            throw error
        }
    }

    /// Runs `body` in an IMMEDIATE transaction: the write lock is taken up front, so two processes
    /// committing to the same bucket queue up instead of failing with SQLITE_BUSY mid-transaction.
    func inWriteTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}
