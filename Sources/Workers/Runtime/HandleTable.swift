import Foundation

/// Native objects one isolate holds from JS by number (an R2 object body, an inference session): the JS
/// wrapper keeps only the number, so a dropped wrapper never keeps a Swift object alive past `remove`.
/// Thread-safe: natives look values up on the isolate thread and finish async work on others.
final class HandleTable<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Value] = [:]
    private var nextID = 1

    func add(_ value: Value) -> Int {
        lock.withLock {
            let id = nextID
            nextID += 1
            values[id] = value
            return id
        }
    }

    /// The value, or `missing` (the JS-facing error saying why the handle is gone) when it was removed.
    func value(_ id: Int, orThrow missing: @autoclosure () -> any Error) throws -> Value {
        guard let value = lock.withLock({ values[id] }) else { throw missing() }
        return value
    }

    @discardableResult
    func remove(_ id: Int) -> Value? {
        lock.withLock { values.removeValue(forKey: id) }
    }
}
