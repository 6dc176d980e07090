import Foundation

/// The R2 buckets of one state folder (`<stateDir>/r2/`), shared by `kiln dev` and `kiln r2`.
/// Hands out one `R2Bucket` per name, so all users in a process share its lock.
public final class R2Storage: @unchecked Sendable {
    public let directory: String
    private let lock = NSLock()
    private var buckets: [String: R2Bucket] = [:]

    /// `stateDirectory` is the project's `.kiln/state` (or `--persist-to`).
    public init(stateDirectory: String) {
        directory = stateDirectory + "/r2"
    }

    /// The bucket `name`, created on first use.
    public func bucket(named name: String) throws -> R2Bucket {
        try lock.withLock {
            if let bucket = buckets[name] { return bucket }
            let bucket = try R2Bucket(name: name, r2Directory: directory)
            buckets[name] = bucket
            return bucket
        }
    }

    /// Names of the buckets that exist on disk, sorted.
    public func bucketNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: directory + "/" + $0 + "/metadata.sqlite") }.sorted()
    }
}
