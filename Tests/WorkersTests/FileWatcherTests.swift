import Foundation
import Testing
@testable import Workers

@Suite struct FileWatcherTests {
    @Test func reportsChangesInNestedFoldersOnce() async throws {
        let root = try TemporaryProject.make(files: ["src/a.js": "1", ".kiln/state/x": "ignored"])
        let (changes, sink) = AsyncStream<[String]>.makeStream()
        let watcher = try FileWatcher(root: root, quietPeriodMs: 40) { sink.yield($0) }
        defer { watcher.stop() }
        try "2".write(toFile: root + "/src/a.js", atomically: false, encoding: .utf8)
        try "3".write(toFile: root + "/src/a.js", atomically: false, encoding: .utf8)
        try "x".write(toFile: root + "/.kiln/state/x", atomically: false, encoding: .utf8)
        var iterator = changes.makeAsyncIterator()
        let batch = await iterator.next() ?? []
        #expect(Set(batch) == [root + "/src/a.js"])
        // A folder created after start is watched too.
        try FileManager.default.createDirectory(atPath: root + "/src/lib", withIntermediateDirectories: true)
        _ = await iterator.next()
        try "y".write(toFile: root + "/src/lib/b.js", atomically: false, encoding: .utf8)
        let later = await iterator.next() ?? []
        #expect(later.contains(root + "/src/lib/b.js"))
    }
}

/// A throwaway project folder under the system temporary directory.
enum TemporaryProject {
    static func make(files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "kiln-test-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }
}
