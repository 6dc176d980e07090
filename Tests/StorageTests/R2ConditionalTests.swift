import Foundation
import Testing
@testable import Storage

@Suite struct R2ConditionalTests {
    @Test func etagConditionsOnGet() throws {
        let bucket = try TemporaryDirectory().bucket()
        let object = try #require(try bucket.put("k", bytes: [1, 2, 3]))
        func passes(_ condition: R2Conditional) throws -> Bool {
            switch try bucket.get("k", onlyIf: condition) {
            case .body?: return true
            case .preconditionFailed(let returned)?:
                #expect(returned == object)
                return false
            case nil: throw StorageError.io("object missing")
            }
        }
        #expect(try passes(R2Conditional(etagMatches: [object.etag])))
        #expect(try passes(R2Conditional(etagMatches: ["\"\(object.etag)\""])))
        #expect(try passes(R2Conditional(etagMatches: ["*"])))
        #expect(try !passes(R2Conditional(etagMatches: ["0123"])))
        #expect(try passes(R2Conditional(etagDoesNotMatch: ["0123", "4567"])))
        #expect(try !passes(R2Conditional(etagDoesNotMatch: ["W/\"\(object.etag)\""])))
        #expect(R2Conditional.etags(fromHeader: "\"a\", \"b\"") == ["\"a\"", "\"b\""])
    }

    @Test func dateConditionsAndPrecedence() throws {
        let bucket = try TemporaryDirectory().bucket()
        let object = try #require(try bucket.put("k", bytes: [1]))
        let before = object.uploaded.addingTimeInterval(-10), after = object.uploaded.addingTimeInterval(10)
        func passes(_ condition: R2Conditional) throws -> Bool {
            if case .body? = try bucket.get("k", onlyIf: condition) { return true }
            return false
        }
        #expect(try passes(R2Conditional(uploadedBefore: after)))
        #expect(try !passes(R2Conditional(uploadedBefore: before)))
        #expect(try passes(R2Conditional(uploadedAfter: before)))
        #expect(try !passes(R2Conditional(uploadedAfter: after)))
        // A matching etag overrides a failing uploadedBefore, as If-Match overrides If-Unmodified-Since.
        #expect(try passes(R2Conditional(etagMatches: [object.etag], uploadedBefore: before)))
        // A failing etagDoesNotMatch is not rescued by uploadedAfter.
        #expect(try !passes(R2Conditional(etagDoesNotMatch: [object.etag], uploadedAfter: before)))
        // Second granularity: the same second is not "before".
        #expect(try !passes(R2Conditional(uploadedBefore: object.uploaded.addingTimeInterval(0.0001), secondsGranularity: true)))
    }

    @Test func conditionalPutReturnsNilAndKeepsObject() throws {
        let bucket = try TemporaryDirectory().bucket()
        let first = try #require(try bucket.put("k", bytes: [1]))
        #expect(try bucket.put("k", bytes: [2], options: R2PutOptions(onlyIf: R2Conditional(etagMatches: ["nope"]))) == nil)
        #expect(try bodyBytes(bucket.get("k")) == [1])
        #expect(try bucket.put("k", bytes: [3], options: R2PutOptions(onlyIf: R2Conditional(etagMatches: [first.etag]))) != nil)
        #expect(try bodyBytes(bucket.get("k")) == [3])
        // etagMatches on a missing key fails (nothing to match); etagDoesNotMatch passes.
        #expect(try bucket.put("new", bytes: [1], options: R2PutOptions(onlyIf: R2Conditional(etagMatches: ["*"]))) == nil)
        #expect(try bucket.put("new", bytes: [1], options: R2PutOptions(onlyIf: R2Conditional(etagDoesNotMatch: ["*"]))) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bucket.directory + "/blobs").count == 2)
    }
}
