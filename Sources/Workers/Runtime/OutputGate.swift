import Foundation
import JavaScript
import Storage

/// A Durable Object's storage writes and the output gate over them, as workerd defines it: `put`/`delete`
/// go into a pending batch that reads see at once, and the batch is committed as one SQLite transaction —
/// at the end of the isolate task that wrote it, or earlier, just before anything leaves the object (a
/// response head or body chunk, an RPC result, a call to another object, a `fetch()`). So nothing the
/// object sends can reveal a write that is not on disk, and writes with no `await` between them (indeed
/// all writes of one turn) are atomic. A commit that fails breaks the object: what it was about to send is
/// replaced by the error, its open requests fail, and the next request gets a fresh instance that sees only
/// what was committed. Used on the object's isolate thread, except `failure` (any thread).
final class OutputGate: @unchecked Sendable {
    private let storage: DurableObjectStorageHandle
    private let isolate: Isolate
    /// Key → serialized text, or nil for a delete; committed in key order.
    private var pending: [String: String?] = [:]
    private var flushQueued = false
    private let lock = NSLock()
    private var broken: ScriptFailure?
    /// Called once, on the isolate thread, when a commit fails.
    var onBreak: ((ScriptFailure) -> Void)?

    init(storage: DurableObjectStorageHandle, isolate: Isolate) {
        self.storage = storage
        self.isolate = isolate
    }

    /// Why the object is broken, or nil while it is usable.
    var failure: ScriptFailure? { lock.withLock { broken } }

    func get(_ keys: [String]) throws -> [String?] {
        try throwIfBroken()
        let missing = keys.filter { pending[$0] == nil }
        let stored = missing.isEmpty ? [] : try storage.get(missing)
        let fromDisk = Dictionary(zip(missing, stored), uniquingKeysWith: { first, _ in first })
        return keys.map { key in pending[key] ?? fromDisk[key] ?? nil }
    }

    func put(_ keys: [String], _ texts: [String]) throws {
        try throwIfBroken()
        try Self.check(count: keys.count)
        try apply(puts: keys, texts, deletes: [])
    }

    /// A committed JS transaction: its writes join the batch (any number of keys; the batch is atomic).
    func apply(puts keys: [String], _ texts: [String], deletes: [String]) throws {
        try throwIfBroken()
        try Self.check(sizesOf: keys + deletes)
        for text in texts where text.utf8.count > DurableObjectStorageError.maximumValueSize {
            throw DurableObjectStorageError.valueTooLarge(size: text.utf8.count)
        }
        for (key, text) in zip(keys, texts) { pending[key] = .some(text) }
        for key in deletes { pending[key] = .some(nil) }
        queueFlush()
    }

    /// Deletes `keys`; returns how many of them existed (pending writes included).
    func delete(_ keys: [String]) throws -> Int {
        try Self.check(count: keys.count)
        try Self.check(sizesOf: keys)
        let existing = try get(Array(Set(keys))).compactMap { $0 }.count
        for key in Set(keys) { pending[key] = .some(nil) }
        queueFlush()
        return existing
    }

    /// Commits the pending batch now (before output, or before a storage call that reads the database
    /// directly). Throws the break failure when the commit fails or the object is already broken.
    func flush() throws {
        try throwIfBroken()
        guard !pending.isEmpty else { return }
        let batch = pending.sorted { $0.key < $1.key }
        pending = [:]
        do {
            let puts = batch.compactMap { entry in entry.value.map { (entry.key, $0) } }
            try storage.apply(puts: puts.map(\.0), puts.map(\.1), deletes: batch.filter { $0.value == nil }.map(\.key))
        } catch {
            let failure = ScriptFailure(name: "Error", message:
                "Durable Object storage write failed, so the object was reset: \(error)")
            lock.withLock { broken = failure }
            onBreak?(failure)
            throw failure
        }
    }

    /// Lets output through: commits what is pending and says whether the object is still usable.
    func release() -> ScriptFailure? {
        do { try flush() } catch { return failure ?? ScriptFailure(error) }
        return nil
    }

    private func queueFlush() {
        guard !flushQueued else { return }
        flushQueued = true
        isolate.enqueue { [self] _ in
            flushQueued = false
            try? flush()
        }
    }

    private func throwIfBroken() throws {
        if let failure { throw failure }
    }

    private static func check(count: Int) throws {
        if count > DurableObjectStorageError.maximumKeysPerCall { throw DurableObjectStorageError.tooManyKeys(count: count) }
    }

    private static func check(sizesOf keys: [String]) throws {
        for key in keys where key.utf8.count > DurableObjectStorageError.maximumKeySize {
            throw DurableObjectStorageError.keyTooLarge(size: key.utf8.count)
        }
    }
}
