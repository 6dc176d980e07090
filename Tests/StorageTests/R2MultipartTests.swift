import Foundation
import Testing
@testable import Storage

@Suite struct R2MultipartTests {
    let partSize = Int(R2Bucket.minimumPartSize)

    @Test func uploadResumeCompleteJoinsPartsInOrder() async throws {
        let state = TemporaryDirectory()
        let bucket = try state.bucket()
        let parts = [patternBytes(partSize, seed: 10), patternBytes(partSize, seed: 11), patternBytes(1234, seed: 12)]
        let upload = try bucket.createMultipartUpload("big.bin", options: R2MultipartOptions(
            httpMetadata: R2HTTPMetadata(contentType: "application/x-test"), customMetadata: ["from": "multipart"]))
        // Upload out of order, through a resumed handle, and from a stream for one part.
        let third = try upload.uploadPart(3, bytes: parts[2])
        let resumed = bucket.resumeMultipartUpload("big.bin", uploadId: upload.uploadId)
        let first = try resumed.uploadPart(1, bytes: parts[0])
        let stream = AsyncStream<[UInt8]> { continuation in
            continuation.yield(Array(parts[1][..<1000]))
            continuation.yield(Array(parts[1][1000...]))
            continuation.finish()
        }
        let second = try await upload.uploadPart(2, chunks: stream)
        #expect(first.etag == md5Hex(parts[0]))

        let object = try resumed.complete([third, first, second])
        #expect(object.size == Int64(partSize * 2 + 1234))
        let expectedEtag = md5Hex(hexBytes(md5Hex(parts[0])) + hexBytes(md5Hex(parts[1])) + hexBytes(md5Hex(parts[2]))) + "-3"
        #expect(object.etag == expectedEtag)
        #expect(object.httpMetadata.contentType == "application/x-test" && object.customMetadata == ["from": "multipart"])
        #expect(try bodyBytes(bucket.get("big.bin")) == parts[0] + parts[1] + parts[2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/multipart").isEmpty)
        // A completed upload is gone.
        #expect(throws: R2Error("uploadPart", .noSuchUpload, "The specified multipart upload does not exist.")) {
            try upload.uploadPart(4, bytes: [1])
        }
    }

    @Test func reuploadingAPartReplacesIt() throws {
        let bucket = try TemporaryDirectory().bucket()
        let upload = try bucket.createMultipartUpload("k")
        _ = try upload.uploadPart(1, bytes: [1, 1])
        let replacement = try upload.uploadPart(1, bytes: [2, 2, 2])
        let object = try upload.complete([replacement])
        #expect(object.size == 3)
        #expect(try bodyBytes(bucket.get("k")) == [2, 2, 2])
    }

    @Test func invalidCompletionsLeaveEverythingInPlace() throws {
        let bucket = try TemporaryDirectory().bucket()
        try bucket.put("k", bytes: [42])
        let upload = try bucket.createMultipartUpload("k")
        let small = try upload.uploadPart(1, bytes: [1, 2, 3])
        let last = try upload.uploadPart(2, bytes: [4])
        #expect(throws: R2Error("completeMultipartUpload", .entityTooSmall, "Your proposed upload is smaller than the minimum allowed object size.")) {
            try upload.complete([small, last])
        }
        #expect(throws: R2Error("completeMultipartUpload", .invalidPart, "One or more of the specified parts could not be found.")) {
            try upload.complete([R2UploadedPart(partNumber: 1, etag: "00000000000000000000000000000000")])
        }
        #expect(throws: R2Error.self) { try upload.complete([]) }
        #expect(throws: R2Error.self) { try upload.uploadPart(0, bytes: [1]) }
        #expect(throws: R2Error.self) { try upload.uploadPart(10001, bytes: [1]) }
        #expect(try bodyBytes(bucket.get("k")) == [42])
        // The upload is still usable after those failures.
        #expect(try upload.complete([last]).size == 1)
    }

    @Test func abortDropsPartsAndUnknownUploadsFail() throws {
        let bucket = try TemporaryDirectory().bucket()
        let upload = try bucket.createMultipartUpload("k")
        _ = try upload.uploadPart(1, bytes: [1, 2, 3])
        try upload.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/multipart").isEmpty)
        #expect(throws: R2Error.self) { try upload.uploadPart(1, bytes: [1]) }
        #expect(throws: R2Error.self) { try bucket.resumeMultipartUpload("k", uploadId: "nope").complete([]) }
        #expect(throws: R2Error.self) { try bucket.resumeMultipartUpload("other-key", uploadId: upload.uploadId).abort() }
        #expect(try bucket.head("k") == nil)
    }
}
