import Foundation
import Storage

/// Open object bodies of one isolate, by the number the JS `R2ObjectBody` holds. A body leaves the table
/// when fully read, cancelled, or read at once (`arrayBuffer()` and friends).
final class R2BodyTable: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [Int: R2ObjectBody] = [:]
    private var nextID = 1

    func add(_ body: R2ObjectBody) -> Int {
        lock.withLock {
            let id = nextID
            nextID += 1
            bodies[id] = body
            return id
        }
    }

    func body(_ id: Int) throws -> R2ObjectBody {
        guard let body = lock.withLock({ bodies[id] }) else {
            throw R2BindingError.type("This R2 object body has already been read or cancelled")
        }
        return body
    }

    func close(_ id: Int) {
        let body = lock.withLock { bodies.removeValue(forKey: id) }
        body?.close()
    }
}
