import Foundation
import Testing
@testable import Storage

@Suite struct R2ConcurrencyTests {
    /// 50 writers and 50 readers on one key, from two bucket instances on the same folder (as `kiln dev` and
    /// the CLI would be): every read sees one complete version, whose bytes hash to its etag, and the final
    /// object is one writer's complete data.
    @Test func fiftyConcurrentPutsAndGetsOnOneKeyNeverTear() throws {
        let state = TemporaryDirectory()
        let first = try state.bucket()
        let second = try R2Bucket(name: "test-bucket", r2Directory: state.path + "/r2")
        let versions = (0..<50).map { patternBytes(64 * 1024 + $0, seed: UInt64(100 + $0)) }
        let etags = Set(versions.map(md5Hex))
        try first.put("shared", bytes: versions[0])
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: 100) { index in
            let bucket = index % 4 < 2 ? first : second
            do {
                if index % 2 == 0 {
                    try bucket.put("shared", bytes: versions[index / 2])
                } else if case .body(let body)? = try bucket.get("shared") {
                    let bytes = try body.readAll()
                    if md5Hex(bytes) != body.object.etag || !etags.contains(body.object.etag) {
                        failures.append("read \(index): torn or unknown data")
                    }
                } else {
                    failures.append("read \(index): object missing")
                }
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        #expect(failures.items.isEmpty, "\(failures.items)")
        let final = try #require(try bodyBytes(first.get("shared")))
        #expect(versions.contains(final))
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.directory + "/blobs").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.directory + "/tmp").isEmpty)
    }

    @Test func fiftyConcurrentPutsToDistinctKeysAllLand() throws {
        let bucket = try TemporaryDirectory().bucket()
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            do {
                try bucket.put("key-\(index)", bytes: patternBytes(10_000, seed: UInt64(index)))
                if try bodyBytes(bucket.get("key-\(index)")) != patternBytes(10_000, seed: UInt64(index)) {
                    failures.append("key-\(index) read back wrong")
                }
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        #expect(failures.items.isEmpty, "\(failures.items)")
        #expect(try bucket.list().objects.count == 50)
    }
}

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ item: String) { lock.withLock { storage.append(item) } }
    var items: [String] { lock.withLock { storage } }
}
