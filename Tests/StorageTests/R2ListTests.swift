import Foundation
import Testing
@testable import Storage

@Suite struct R2ListTests {
    @Test func paginatesWithCursorInByteOrder() throws {
        let bucket = try TemporaryDirectory().bucket()
        let keys = (0..<1234).map { String(format: "item-%05d", $0) } + ["Z-upper", "é-accent", "~tilde"]
        // Each put fsyncs; overlapping them keeps the test quick.
        DispatchQueue.concurrentPerform(iterations: keys.count) { index in _ = try? bucket.put(keys[index], bytes: [1]) }
        #expect(try bucket.list(R2ListOptions(limit: 1000)).objects.count == 1000)
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try bucket.list(R2ListOptions(limit: 1000, cursor: cursor))
            #expect(page.objects.count <= 1000)
            #expect(page.truncated == (page.cursor != nil))
            seen += page.objects.map(\.key)
            cursor = page.cursor
            pages += 1
        } while cursor != nil
        #expect(pages == 2)
        #expect(seen == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    @Test func prefixStartAfterAndLimit() throws {
        let bucket = try TemporaryDirectory().bucket()
        for key in ["a/1", "a/2", "a/3", "ab", "b/1"] { try bucket.put(key, bytes: [1]) }
        #expect(try bucket.list(R2ListOptions(prefix: "a/")).objects.map(\.key) == ["a/1", "a/2", "a/3"])
        #expect(try bucket.list(R2ListOptions(prefix: "a/", startAfter: "a/1")).objects.map(\.key) == ["a/2", "a/3"])
        #expect(try bucket.list(R2ListOptions(startAfter: "ab")).objects.map(\.key) == ["b/1"])
        let limited = try bucket.list(R2ListOptions(prefix: "a", limit: 2))
        #expect(limited.objects.map(\.key) == ["a/1", "a/2"])
        #expect(limited.truncated)
        let rest = try bucket.list(R2ListOptions(prefix: "a", limit: 2, cursor: limited.cursor))
        #expect(rest.objects.map(\.key) == ["a/3", "ab"])
        #expect(!rest.truncated && rest.cursor == nil)
    }

    @Test func delimiterGroupsPrefixesAndCountsThemTowardLimit() throws {
        let bucket = try TemporaryDirectory().bucket()
        for key in ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/readme", "photos/x/y/z", "top"] {
            try bucket.put(key, bytes: [1])
        }
        let all = try bucket.list(R2ListOptions(prefix: "photos/", delimiter: "/"))
        #expect(all.delimitedPrefixes == ["photos/2024/", "photos/2025/", "photos/x/"])
        #expect(all.objects.map(\.key) == ["photos/readme"])
        #expect(!all.truncated)

        var prefixes: [String] = [], objects: [String] = []
        var cursor: String?
        repeat {
            let page = try bucket.list(R2ListOptions(prefix: "photos/", limit: 1, cursor: cursor, delimiter: "/"))
            #expect(page.objects.count + page.delimitedPrefixes.count == 1)
            prefixes += page.delimitedPrefixes
            objects += page.objects.map(\.key)
            cursor = page.cursor
        } while cursor != nil
        #expect(prefixes == all.delimitedPrefixes)
        #expect(objects == ["photos/readme"])

        let root = try bucket.list(R2ListOptions(delimiter: "/"))
        #expect(root.delimitedPrefixes == ["photos/"])
        #expect(root.objects.map(\.key) == ["top"])
    }

    @Test func includeControlsMetadata() throws {
        let bucket = try TemporaryDirectory().bucket()
        try bucket.put("k", bytes: [1], options: R2PutOptions(httpMetadata: R2HTTPMetadata(contentType: "text/plain"),
                                                               customMetadata: ["a": "b"]))
        let bare = try #require(try bucket.list().objects.first)
        #expect(bare.httpMetadata == R2HTTPMetadata() && bare.customMetadata.isEmpty)
        let full = try #require(try bucket.list(R2ListOptions(includeHTTPMetadata: true, includeCustomMetadata: true)).objects.first)
        #expect(full.httpMetadata.contentType == "text/plain" && full.customMetadata == ["a": "b"])
    }

    @Test func badLimitAndCursor() throws {
        let bucket = try TemporaryDirectory().bucket()
        for limit in [0, 1001, -5] {
            #expect(throws: R2Error("list", .invalidMaxKeys, "MaxKeys params must be positive integer <= 1000.")) {
                try bucket.list(R2ListOptions(limit: limit))
            }
        }
        #expect(throws: R2Error.self) { try bucket.list(R2ListOptions(cursor: "!!!")) }
    }
}
