import CSQLite
import Foundation

/// SQLite copies bound text and blobs right away when given this destructor.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement with positional parameters (1-based, as in SQLite).
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// A value bindable to a parameter.
    enum Value {
        case null, integer(Int64), real(Double), text(String), blob([UInt8])
    }

    @discardableResult
    func bind(_ values: Value...) throws -> SQLiteStatement { try bindAll(values) }

    @discardableResult
    func bindAll(_ values: [Value]) throws -> SQLiteStatement {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, transient)
            case .blob(let bytes):
                // A zero-length blob must still be a blob (not NULL): pass a valid pointer.
                status = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(statement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32(raw.count), transient)
                }
            }
            guard status == SQLITE_OK else { throw StorageError.database("bind: \(database.lastError)") }
        }
        return self
    }

    /// Advances to the next row; `false` when done.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StorageError.database(database.lastError)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        while try step() {}
        sqlite3_reset(statement)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: pointer)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func reset() { sqlite3_reset(statement) }
}
