import Foundation
import Testing
@testable import Storage

struct Abort: Error {}

@Suite struct DurableObjectTransactionTests {
    func value(_ text: String) -> DurableObjectValue { DurableObjectValue(type: "json", bytes: Array(text.utf8)) }

    @Test func commitAndRollback() throws {
        let storage = try DurableObjectStorage(path: TemporaryDirectory().path + "/t.sqlite")
        try storage.put("balance", value("10"))
        let result = try storage.transaction { () -> Int in
            try storage.put("balance", value("5"))
            try storage.put("log", value("spent 5"))
            return 5
        }
        #expect(result == 5)
        #expect(try storage.get("balance") == value("5"))
        #expect(throws: Abort.self) {
            try storage.transaction {
                try storage.put("balance", value("-100"))
                try storage.delete("log")
                try storage.deleteAll()
                throw Abort()
            }
        }
        #expect(try storage.get("balance") == value("5"))
        #expect(try storage.get("log") == value("spent 5"))
    }

    @Test func nestedTransactionRollsBackOnlyItself() throws {
        let storage = try DurableObjectStorage(path: nil)
        try storage.transaction {
            try storage.put("outer", value("1"))
            _ = try? storage.transaction {
                try storage.put("inner", value("2"))
                throw Abort()
            }
        }
        #expect(try storage.get("outer") == value("1"))
        #expect(try storage.get("inner") == nil)
    }

    @Test func asyncTransactionSpansAwaits() async throws {
        let storage = try DurableObjectStorage(path: nil)
        try await storage.transaction {
            try storage.put("a", value("1"))
            try await Task.sleep(nanoseconds: 1_000_000)
            try storage.put("b", value("2"))
        }
        #expect(try storage.list().count == 2)
        await #expect(throws: Abort.self) {
            try await storage.transaction {
                try storage.put("c", value("3"))
                try await Task.sleep(nanoseconds: 1_000_000)
                throw Abort()
            }
        }
        #expect(try storage.get("c") == nil)
    }
}
