import Foundation
import Storage

/// One object's storage as the JS glue uses it: keys to serialized text, over the Storage layer's SQLite
/// engine. Values are tagged `kiln-clone` (the glue's structured-clone text, see storage-serializer.js).
struct DurableObjectStorageHandle: @unchecked Sendable {
    static let valueType = "kiln-clone"
    let storage: DurableObjectStorage

    func get(_ keys: [String]) throws -> [String?] {
        let found = Dictionary(try storage.get(keys).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        return keys.map { key in found[key].map { String(decoding: $0.bytes, as: UTF8.self) } }
    }

    func put(_ keys: [String], _ texts: [String]) throws {
        try storage.put(zip(keys, texts).map {
            DurableObjectEntry(key: $0, value: DurableObjectValue(type: Self.valueType, bytes: Array($1.utf8)))
        })
    }

    /// Writes and deletes at once, in one transaction (the output gate's batch).
    func apply(puts keys: [String], _ texts: [String], deletes: [String]) throws {
        try storage.transaction {
            for start in stride(from: 0, to: keys.count, by: DurableObjectStorageError.maximumKeysPerCall) {
                let end = min(start + DurableObjectStorageError.maximumKeysPerCall, keys.count)
                try put(Array(keys[start..<end]), Array(texts[start..<end]))
            }
            for start in stride(from: 0, to: deletes.count, by: DurableObjectStorageError.maximumKeysPerCall) {
                try storage.delete(Array(deletes[start..<min(start + DurableObjectStorageError.maximumKeysPerCall, deletes.count)]))
            }
        }
    }

    func list(_ options: DurableObjectListOptions) throws -> [(key: String, text: String)] {
        try storage.list(options).map { ($0.key, String(decoding: $0.value.bytes, as: UTF8.self)) }
    }
}
