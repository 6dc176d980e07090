import Foundation
import Testing
@testable import Storage

@Suite struct R2RoundTripTests {
    @Test func bytesRoundTripWithMetadataAndMD5Etag() throws {
        let state = TemporaryDirectory()
        let bucket = try state.bucket()
        let bytes = patternBytes(100_000, seed: 1)
        let http = R2HTTPMetadata(contentType: "application/octet-stream", cacheControl: "max-age=60")
        let stored = try #require(try bucket.put("models/a.onnx", bytes: bytes,
                                                 options: R2PutOptions(httpMetadata: http, customMetadata: ["owner": "kiln"])))
        #expect(stored.size == 100_000)
        #expect(stored.etag == md5Hex(bytes))
        #expect(stored.httpEtag == "\"\(md5Hex(bytes))\"")
        #expect(stored.version.count == 32)

        let head = try #require(try bucket.head("models/a.onnx"))
        #expect(head == stored)
        #expect(head.httpMetadata.contentType == "application/octet-stream")
        #expect(head.customMetadata == ["owner": "kiln"])
        #expect(head.checksums.md5.map(hexString) == md5Hex(bytes))
        #expect(try bodyBytes(bucket.get("models/a.onnx")) == bytes)
        #expect(try bucket.head("missing") == nil)
        #expect(try bucket.get("missing") == nil)
    }

    @Test func emptyObjectAndUnicodeKey() throws {
        let bucket = try TemporaryDirectory().bucket()
        try bucket.put("ünïcødé/🙂", bytes: [])
        #expect(try bodyBytes(bucket.get("ünïcødé/🙂")) == [])
        #expect(try bucket.head("ünïcødé/🙂")?.size == 0)
    }

    @Test func fileAndStreamPutsReadBackInChunks() async throws {
        let state = TemporaryDirectory()
        let bucket = try state.bucket()
        let bytes = patternBytes(3 << 20, seed: 2)
        let file = state.path + "/source"
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        try bucket.put("from-file", contentsOfFile: file)

        let chunks = AsyncStream<[UInt8]> { continuation in
            for start in stride(from: 0, to: bytes.count, by: 65_536) {
                continuation.yield(Array(bytes[start..<min(start + 65_536, bytes.count)]))
            }
            continuation.finish()
        }
        try await bucket.put("from-stream", chunks: chunks)

        for key in ["from-file", "from-stream"] {
            guard case .body(let body)? = try bucket.get(key) else { Issue.record("no body for \(key)"); return }
            var collected: [UInt8] = []
            var chunkCount = 0
            let stream = body.chunks(size: 1 << 20)
            #expect(body.remaining == Int64(bytes.count))
            for try await chunk in stream {
                #expect(chunk.count <= 1 << 20)
                collected += chunk
                chunkCount += 1
                // Pulled one chunk at a time: nothing is read ahead of the consumer.
                #expect(body.remaining == Int64(bytes.count - collected.count))
            }
            #expect(chunkCount == 3)
            #expect(collected == bytes)
        }
        guard case .body(let body)? = try bucket.get("from-file") else { return }
        try body.write(toFile: state.path + "/copy")
        #expect(FileManager.default.contents(atPath: state.path + "/copy") == Data(bytes))
    }

    @Test func overwriteReplacesVersionAndRemovesOldFile() throws {
        let bucket = try TemporaryDirectory().bucket()
        let first = try #require(try bucket.put("k", bytes: [1, 2, 3]))
        let second = try #require(try bucket.put("k", bytes: [4, 5]))
        #expect(first.version != second.version)
        #expect(try bodyBytes(bucket.get("k")) == [4, 5])
        let files = try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/blobs")
        #expect(files == [second.version])
    }

    @Test func deleteOneAndMany() throws {
        let bucket = try TemporaryDirectory().bucket()
        for key in ["a", "b", "c", "d"] { try bucket.put(key, bytes: Array(key.utf8)) }
        try bucket.delete("a")
        try bucket.delete(["b", "c", "never-existed"])
        #expect(try bucket.list().objects.map(\.key) == ["d"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/blobs").count == 1)
    }

    @Test func suppliedChecksumsAreVerified() throws {
        let bucket = try TemporaryDirectory().bucket()
        let bytes = Array("hello".utf8)
        let sha256 = hexBytes("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        let stored = try #require(try bucket.put("good", bytes: bytes, options: R2PutOptions(checksums: R2Checksums(sha256: sha256))))
        #expect(stored.checksums.sha256 == sha256)
        #expect(try bucket.head("good")?.checksums.sha256 == sha256)

        try bucket.put("kept", bytes: [9])
        var wrong = sha256
        wrong[0] ^= 1
        #expect(throws: R2Error("put", .badDigest, "The SHA-256 checksum you specified did not match what we received.")) {
            try bucket.put("kept", bytes: bytes, options: R2PutOptions(checksums: R2Checksums(sha256: wrong)))
        }
        #expect(try bodyBytes(bucket.get("kept")) == [9])
        let md5 = hexBytes(md5Hex(bytes))
        #expect(try bucket.put("md5", bytes: bytes, options: R2PutOptions(checksums: R2Checksums(md5: md5))) != nil)
    }

    @Test func dataPersistsAcrossReopen() throws {
        let state = TemporaryDirectory()
        do { try R2Storage(stateDirectory: state.path).bucket(named: "persisted").put("k", bytes: [7, 7, 7]) }
        let reopened = try R2Storage(stateDirectory: state.path).bucket(named: "persisted")
        #expect(try bodyBytes(reopened.get("k")) == [7, 7, 7])
        #expect(R2Storage(stateDirectory: state.path).bucketNames() == ["persisted"])
    }
}
