import Testing
@testable import Storage

@Suite struct R2RangeTests {
    let bytes = patternBytes(1000, seed: 3)

    func bucketWithObject() throws -> (TemporaryDirectory, R2Bucket) {
        let state = TemporaryDirectory()
        let bucket = try state.bucket()
        try bucket.put("k", bytes: bytes)
        return (state, bucket)
    }

    @Test func offsetLengthSuffixForms() throws {
        let (_, bucket) = try bucketWithObject()
        let cases: [(R2Range, Range<Int>)] = [
            (.offset(10, length: 20), 10..<30), (.offset(990, length: nil), 990..<1000),
            (.offset(900, length: 500), 900..<1000), (.length(5), 0..<5), (.suffix(7), 993..<1000),
            (.suffix(5000), 0..<1000),
        ]
        for (range, expected) in cases {
            guard case .body(let body)? = try bucket.get("k", range: range) else { Issue.record("no body"); continue }
            #expect(try body.readAll() == Array(bytes[expected]), "range \(range)")
            #expect(body.object.range == R2ByteRange(offset: Int64(expected.lowerBound), length: Int64(expected.count)))
            #expect(body.object.size == 1000)
        }
        guard case .body(let whole)? = try bucket.get("k") else { return }
        #expect(whole.object.range == nil)
    }

    @Test func unsatisfiableRangesThrowRangeErrors() throws {
        let (_, bucket) = try bucketWithObject()
        for range in [R2Range.offset(1000, length: 1), .offset(-1, length: nil), .length(-3), .suffix(-1)] {
            #expect(throws: R2Error("get", .invalidRange, "The requested range is not satisfiable")) {
                try bucket.get("k", range: range)
            }
        }
        #expect(R2Error("get", .invalidRange, "x").isRangeError)
    }

    @Test func httpRangeHeaders() {
        #expect(R2Range(httpHeader: "bytes=0-99") == .offset(0, length: 100))
        #expect(R2Range(httpHeader: "bytes=100-") == .offset(100, length: nil))
        #expect(R2Range(httpHeader: "bytes=-50") == .suffix(50))
        #expect(R2Range(httpHeader: "bytes=5-1") == nil)
        #expect(R2Range(httpHeader: "bytes=0-1,4-5") == nil)
        #expect(R2Range(httpHeader: "items=0-1") == nil)
    }
}
