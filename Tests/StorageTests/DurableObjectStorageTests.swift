import Foundation
import Testing
@testable import Storage

@Suite struct DurableObjectStorageTests {
    func value(_ text: String) -> DurableObjectValue { DurableObjectValue(type: "json", bytes: Array(text.utf8)) }

    /// Every test runs against both the file-backed and the in-memory engine.
    func engines() throws -> [(TemporaryDirectory, DurableObjectStorage)] {
        let state = TemporaryDirectory()
        return [(state, try DurableObjectStorageRoot(stateDirectory: state.path).storage(className: "Counter", objectID: "abc123")),
                (state, try DurableObjectStorageRoot(stateDirectory: nil).storage(className: "Counter", objectID: "abc123"))]
    }

    @Test func singleAndMultiKeyOperations() throws {
        for (_, storage) in try engines() {
            #expect(try storage.get("missing") == nil)
            try storage.put("count", value("1"))
            try storage.put("count", DurableObjectValue(type: "v8", bytes: [0xFF, 0x0F, 0x49, 0x02]))
            #expect(try storage.get("count") == DurableObjectValue(type: "v8", bytes: [0xFF, 0x0F, 0x49, 0x02]))
            try storage.put([DurableObjectEntry(key: "b", value: value("2")), DurableObjectEntry(key: "a", value: value("1"))])
            #expect(try storage.get(["b", "zzz", "a"]).map(\.key) == ["a", "b"])
            #expect(try storage.delete("a"))
            #expect(try !storage.delete("a"))
            #expect(try storage.delete(["b", "count", "none"]) == 2)
            #expect(try storage.list().isEmpty)
        }
    }

    @Test func listOrdersByUTF8BytesWithRangesPrefixReverseLimit() throws {
        for (_, storage) in try engines() {
            let keys = ["b", "a", "ab", "a\u{0}", "é", "Z", "~", "ä", "aa", "user:1", "user:2", "user:10", "user;"]
            try storage.put(keys.map { DurableObjectEntry(key: $0, value: value($0)) })
            let byteOrder = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(try storage.list().map(\.key) == byteOrder)
            #expect(try storage.list(DurableObjectListOptions(reverse: true)).map(\.key) == byteOrder.reversed())
            #expect(try storage.list(DurableObjectListOptions(prefix: "user:")).map(\.key) == ["user:1", "user:10", "user:2"])
            #expect(try storage.list(DurableObjectListOptions(prefix: "user:", reverse: true, limit: 2)).map(\.key) == ["user:2", "user:10"])
            #expect(try storage.list(DurableObjectListOptions(start: "a", end: "b")).map(\.key) == ["a", "a\u{0}", "aa", "ab"])
            #expect(try storage.list(DurableObjectListOptions(startAfter: "a", end: "ab")).map(\.key) == ["a\u{0}", "aa"])
            #expect(try storage.list(DurableObjectListOptions(limit: 3)).map(\.key) == Array(byteOrder.prefix(3)))
            #expect(try storage.list(DurableObjectListOptions(prefix: "ä")).map(\.value) == [value("ä")])
            #expect(throws: DurableObjectStorageError.self) { try storage.list(DurableObjectListOptions(start: "a", startAfter: "b")) }
            #expect(throws: DurableObjectStorageError.invalidOption("List limit must be positive.")) {
                try storage.list(DurableObjectListOptions(limit: 0))
            }
            try storage.deleteAll()
            #expect(try storage.list().isEmpty)
        }
    }

    @Test func limitsAsWorkerdStatesThem() throws {
        let storage = try DurableObjectStorage(path: nil)
        let bigKey = String(repeating: "k", count: 2049)
        #expect(throws: DurableObjectStorageError.keyTooLarge(size: 2049)) { try storage.put(bigKey, value("1")) }
        #expect(throws: DurableObjectStorageError.keyTooLarge(size: 2049)) { try storage.get(bigKey) }
        #expect(throws: DurableObjectStorageError.valueTooLarge(size: 131_073)) {
            try storage.put("k", DurableObjectValue(type: "v8", bytes: [UInt8](repeating: 0, count: 131_073)))
        }
        let keys = (0..<129).map { "k\($0)" }
        #expect(throws: DurableObjectStorageError.tooManyKeys(count: 129)) { try storage.get(keys) }
        #expect(throws: DurableObjectStorageError.tooManyKeys(count: 129)) { try storage.delete(keys) }
        #expect(throws: DurableObjectStorageError.tooManyKeys(count: 129)) {
            try storage.put(keys.map { DurableObjectEntry(key: $0, value: DurableObjectValue(type: "json", bytes: [])) })
        }
        #expect(try storage.get(Array(keys.prefix(128))).isEmpty)
        #expect(DurableObjectStorageError.keyTooLarge(size: 3000).description ==
                "Keys cannot be larger than 2048 bytes. A key of size 3000 was provided.")
        // A multi-put with one bad value stores nothing.
        #expect(throws: DurableObjectStorageError.self) {
            try storage.put([DurableObjectEntry(key: "ok", value: value("1")),
                             DurableObjectEntry(key: "bad", value: DurableObjectValue(type: "v8", bytes: [UInt8](repeating: 0, count: 200_000)))])
        }
        #expect(try storage.get("ok") == nil)
    }

    @Test func storagePersistsAcrossReopenAndStaysPerObject() throws {
        let state = TemporaryDirectory()
        do {
            let root = DurableObjectStorageRoot(stateDirectory: state.path)
            try root.storage(className: "Counter", objectID: "one").put("count", value("41"))
            try root.storage(className: "Counter", objectID: "two").put("count", value("7"))
        }
        #expect(FileManager.default.fileExists(atPath: state.path + "/do/Counter/one.sqlite"))
        let root = DurableObjectStorageRoot(stateDirectory: state.path)
        #expect(try root.storage(className: "Counter", objectID: "one").get("count") == value("41"))
        #expect(try root.storage(className: "Counter", objectID: "two").get("count") == value("7"))
        #expect(try root.storage(className: "Counter", objectID: "one") === root.storage(className: "Counter", objectID: "one"))
        #expect(throws: DurableObjectStorageError.self) { try root.storage(className: "../etc", objectID: "x") }
        #expect(throws: DurableObjectStorageError.self) { try root.storage(className: "C", objectID: "a/b") }
        // In memory: nothing survives.
        try DurableObjectStorageRoot(stateDirectory: nil).storage(className: "C", objectID: "x").put("k", value("1"))
        #expect(try DurableObjectStorageRoot(stateDirectory: nil).storage(className: "C", objectID: "x").get("k") == nil)
    }

    @Test func concurrentIncrementsInTransactionsAddUp() throws {
        let state = TemporaryDirectory()
        let storage = try DurableObjectStorageRoot(stateDirectory: state.path).storage(className: "Counter", objectID: "c")
        let gate = NSLock() // the runtime's input gate: one event of an object at a time
        DispatchQueue.concurrentPerform(iterations: 100) { _ in
            gate.withLock {
                try! storage.transaction {
                    let current = try storage.get("n").map { Int(String(decoding: $0.bytes, as: UTF8.self))! } ?? 0
                    try storage.put("n", value(String(current + 1)))
                }
            }
        }
        #expect(try storage.get("n") == value("100"))
    }
}
