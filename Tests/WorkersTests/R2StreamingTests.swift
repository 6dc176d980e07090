import Foundation
import Testing
@testable import Workers

/// The R2 binding with bodies that stream end to end (network → Worker → file, file → Worker → network),
/// and `onlyIf` given as request `Headers` on puts, as workerd accepts.
@Suite struct R2StreamingTests {
    /// 64 KiB blocks of one byte sequence, each stamped with its index and `seed`, so a misplaced or
    /// repeated chunk shows (built by copying blocks: per-byte loops are slow in debug builds).
    static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        let block = (0..<(64 << 10)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var index = 0
        while bytes.count < count {
            bytes += [seed, UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: index >> 8)]
            bytes += block.prefix(min(block.count, count - bytes.count))
            index += 1
        }
        return Array(bytes.prefix(count))
    }

    @Test func largeBodiesStreamThroughTheWorker() async throws {
        let big = Self.pattern(6 << 20, seed: 3)
        try await R2BindingTests.with { h in
            // Over 1 MiB: `request.body` streams from the socket into `env.BUCKET.put`.
            let put = try await R2BindingTests.put(h, "big", big, query: "kind=stream")
            #expect(try R2BindingTests.json(put)["size"] as? Int == big.count, "\(put.text)")
            let got = try await h.get("/obj/big")
            #expect(got.status == 200)
            #expect(got.header("transfer-encoding") == "chunked")
            #expect(got.body == big)
            // The same bytes as a buffered put give the same etag (MD5 of the bytes).
            let buffered = try await R2BindingTests.put(h, "big-buffered", big, query: "kind=arraybuffer")
            #expect(try R2BindingTests.json(buffered)["etag"] as? String == R2BindingTests.json(put)["etag"] as? String)
        }
    }

    @Test func multipartPartsStreamFromAReadableStream() async throws {
        let part = Self.pattern(32 << 20, seed: 5)
        try await R2BindingTests.with { h in
            let reply = try await HTTPClient.send(port: h.port, method: "POST", path: "/multipart-stream?key=parts", body: part)
            let result = try R2BindingTests.json(reply)
            #expect(result["size"] as? Int == part.count + 4, "\(reply.text)")
            #expect(result["edge"] as? [Int] == part.suffix(2).map(Int.init) + Array("tail".utf8).map(Int.init))
            #expect((result["etag"] as? String)?.hasSuffix("-2") == true)
            // A part's etag is the MD5 of its bytes: the same as a plain put of them.
            let plain = try R2BindingTests.json(try await R2BindingTests.put(h, "plain", part))
            #expect(result["part1"] as? String == plain["etag"] as? String)
        }
    }

    @Test func conditionalPutsFromHeaders() async throws {
        try await R2BindingTests.with { h in
            func put(_ text: String, _ headers: [(String, String)]) async throws -> HTTPClient.Reply {
                try await R2BindingTests.put(h, "h", Array(text.utf8), query: "onlyIfHeaders=1", headers: headers)
            }
            // If-None-Match: * creates only: it passes while the key is absent, then refuses (put answers null).
            let first = try R2BindingTests.json(try await put("one", [("If-None-Match", "*")]))
            #expect(first["size"] as? Int == 3)
            #expect(try await put("two", [("If-None-Match", "*")]).text == "null")
            let etag = try #require(first["etag"] as? String)
            #expect(try await put("two", [("If-Match", "\"other\"")]).text == "null")
            #expect(try await put("two", [("If-None-Match", "\"\(etag)\"")]).text == "null")
            #expect(try await h.get("/obj/h?read=text").text == "one")
            #expect(try R2BindingTests.json(try await put("two", [("If-Match", "\"\(etag)\"")]))["size"] as? Int == 3)
            let future = "Wed, 21 Oct 2065 07:28:00 GMT", past = "Wed, 21 Oct 2015 07:28:00 GMT"
            #expect(try await put("three", [("If-Unmodified-Since", past)]).text == "null")
            #expect(try await put("three", [("If-Modified-Since", future)]).text == "null")
            #expect(try await h.get("/obj/h?read=text").text == "two")
            #expect(try R2BindingTests.json(try await put("three", [("If-Unmodified-Since", future)]))["size"] as? Int == 5)
            #expect(try await h.get("/obj/h?read=text").text == "three")
        }
    }
}
