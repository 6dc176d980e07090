import Foundation
import Testing
@testable import Storage

@Suite struct R2ValidationTests {
    @Test func keysOver1024BytesAreRejectedEverywhere() throws {
        let bucket = try TemporaryDirectory().bucket()
        let long = String(repeating: "k", count: 1025)
        let exact = String(repeating: "k", count: 1024)
        try bucket.put(exact, bytes: [1])
        #expect(throws: R2Error.invalidKey("put")) { try bucket.put(long, bytes: [1]) }
        #expect(throws: R2Error.invalidKey("get")) { try bucket.get(long) }
        #expect(throws: R2Error.invalidKey("head")) { try bucket.head(long) }
        #expect(throws: R2Error.invalidKey("delete")) { try bucket.delete([exact, long]) }
        #expect(try bucket.head(exact) != nil)
        #expect(R2Error.invalidKey("put").description == "put: The specified object name is not valid. (10020)")
    }

    @Test func bucketNames() throws {
        let state = TemporaryDirectory()
        for good in ["abc", "model-bucket-dev", "a1-2b", String(repeating: "a", count: 63)] {
            #expect(throws: Never.self) { try R2Bucket.validate(bucketName: good) }
        }
        for bad in ["ab", "-abc", "abc-", "ABC", "a_b", "a/b", "..", "", String(repeating: "a", count: 64)] {
            #expect(throws: R2Error.self) { try R2Storage(stateDirectory: state.path).bucket(named: bad) }
        }
    }

    @Test func customMetadataLimit() throws {
        let bucket = try TemporaryDirectory().bucket()
        #expect(throws: R2Error("put", .metadataTooLarge, "Your metadata headers exceed the maximum allowed metadata size.")) {
            try bucket.put("k", bytes: [1], options: R2PutOptions(customMetadata: ["big": String(repeating: "x", count: 3000)]))
        }
        #expect(try bucket.head("k") == nil)
    }

    @Test func httpMetadataHeaders() {
        let metadata = R2HTTPMetadata(contentType: "image/png", cacheControl: "no-store",
                                      cacheExpiry: Date(timeIntervalSince1970: 0))
        #expect(metadata.headers.map { "\($0.name): \($0.value)" } ==
                ["content-type: image/png", "cache-control: no-store", "expires: Thu, 01 Jan 1970 00:00:00 GMT"])
    }
}
