import Foundation
import Storage

/// The buckets `kiln dev` opens, one `R2Storage` per state folder for the whole process, so the Worker and
/// every Durable Object isolate share a bucket's lock (and its SQLite connection). Without a state folder
/// (`--no-persist`), buckets live in a temporary folder of this process.
enum R2BucketDirectory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var storages: [String: R2Storage] = [:]
    private static let temporaryState = NSTemporaryDirectory() + "kiln-r2-\(getpid())-\(UUID().uuidString.prefix(8))"

    static func bucket(named name: String, stateDirectory: String?) throws -> R2Bucket {
        let directory = stateDirectory ?? temporaryState
        let storage = lock.withLock {
            if let storage = storages[directory] { return storage }
            let storage = R2Storage(stateDirectory: directory)
            storages[directory] = storage
            return storage
        }
        return try storage.bucket(named: name)
    }
}
