import Foundation
import Testing
@testable import Workers

/// The JS R2 binding (`env.BUCKET`) end to end: HTTP on loopback → a Worker → the R2 API → files + SQLite.
@Suite struct R2BindingTests {
    static func with(_ body: (RuntimeHarness) async throws -> Void) async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": R2TestWorker.toml, "index.js": R2TestWorker.script],
                                      cpuTimeLimit: .seconds(20), body)
    }

    static func json(_ reply: HTTPClient.Reply) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else {
            throw HTTPClient.ClientError(description: "not a JSON object: \(reply.text)")
        }
        return object
    }

    static func put(_ h: RuntimeHarness, _ key: String, _ bytes: [UInt8], query: String = "",
                    headers: [(String, String)] = []) async throws -> HTTPClient.Reply {
        try await HTTPClient.send(port: h.port, method: "PUT", path: "/obj/\(key)?\(query)", headers: headers, body: bytes)
    }

    @Test func everyValueKindRoundTrips() async throws {
        let payload = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let text = Array("héllo R2 — ✓".utf8)
        try await Self.with { h in
            for kind in ["arraybuffer", "typed", "dataview", "blob", "stream"] {
                let put = try await Self.put(h, "kinds/\(kind)", payload, query: "kind=\(kind)")
                #expect(put.status == 200, "\(kind): \(put.text)")
                #expect(try Self.json(put)["size"] as? Int == payload.count, "\(kind)")
                for read in ["stream", "arrayBuffer"] {
                    let got = try await h.get("/obj/kinds/\(kind)?read=\(read)")
                    #expect(got.status == 200 && got.body == payload, "\(kind) read as \(read)")
                }
            }
            #expect(try await Self.put(h, "kinds/string", text, query: "kind=string").status == 200)
            #expect(try await h.get("/obj/kinds/string?read=text").body == text)
            #expect(try await Self.put(h, "kinds/null", [], query: "kind=null").status == 200)
            let empty = try await h.get("/obj/kinds/null")
            #expect(empty.status == 200 && empty.body.isEmpty && empty.header("x-size") == "0")

            let document = Array(#"{"a":[1,2,3]}"#.utf8)
            #expect(try await Self.put(h, "doc.json", document, headers: [("Content-Type", "application/json"),
                ("Cache-Control", "max-age=60"), ("Content-Language", "en")]).status == 200)
            let parsed = try Self.json(try await h.get("/obj/doc.json?read=json"))
            #expect((parsed["parsed"] as? [String: Any])?["a"] as? [Int] == [1, 2, 3])
            let blob = try await h.get("/obj/doc.json?read=blob")
            #expect(blob.header("x-blob-type") == "application/json" && blob.header("x-blob-size") == "\(document.count)")
            let withMetadata = try await h.get("/obj/doc.json")
            #expect(withMetadata.header("content-type") == "application/json")
            #expect(withMetadata.header("cache-control") == "max-age=60")
            #expect(withMetadata.header("content-language") == "en")
            let twice = try Self.json(try await h.get("/obj/doc.json?read=twice"))
            #expect(twice["name"] as? String == "TypeError" && twice["used"] as? Bool == true)

            let head = try await HTTPClient.send(port: h.port, method: "HEAD", path: "/obj/doc.json")
            #expect(head.status == 200)
            #expect(try await h.get("/obj/missing").status == 404)
            #expect(try await HTTPClient.send(port: h.port, method: "DELETE", path: "/obj/doc.json").status == 204)
            #expect(try await h.get("/obj/doc.json").status == 404)
            // kiln dev opens the preview bucket, under the project's state folder (shared with `kiln r2`).
            #expect(FileManager.default.fileExists(atPath: h.root + "/.kiln/state/r2/dev-bucket/metadata.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: h.root + "/.kiln/state/r2/prod-bucket"))
        }
    }

    @Test func metadataChecksumsAndConditionalPuts() async throws {
        try await Self.with { h in
            let put = try Self.json(try await Self.put(h, "meta", Array("abc".utf8), query: "meta=%7B%22owner%22%3A%22kiln%22%7D"
                + "&sha256=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
            #expect(put["customMetadata"] as? [String: String] == ["owner": "kiln"])
            #expect((put["checksums"] as? [String: String])?["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect((put["checksums"] as? [String: String])?["md5"] == "900150983cd24fb0d6963f7d28e17f72")
            #expect(put["etag"] as? String == "900150983cd24fb0d6963f7d28e17f72")
            let got = try await h.get("/obj/meta")
            #expect(got.header("etag") == "\"900150983cd24fb0d6963f7d28e17f72\"")
            #expect(got.header("x-custom") == #"{"owner":"kiln"}"#)
            // onlyIf on put: a wrong etag leaves the object as it was (put answers null).
            let refused = try await Self.put(h, "meta", Array("new".utf8), query: "ifMatch=nope")
            #expect(refused.status == 200 && refused.text == "null")
            #expect(try await h.get("/obj/meta?read=text").text == "abc")
            let accepted = try await Self.put(h, "meta", Array("new".utf8), query: "ifMatch=900150983cd24fb0d6963f7d28e17f72")
            #expect(try Self.json(accepted)["size"] as? Int == 3)
            #expect(try await h.get("/obj/meta?read=text").text == "new")
        }
    }

    @Test func rangesAndConditionalGets() async throws {
        let bytes = Array("0123456789".utf8)
        try await Self.with { h in
            let etag = try Self.json(try await Self.put(h, "digits", bytes))["etag"] as! String
            func get(_ headers: [(String, String)]) async throws -> HTTPClient.Reply {
                try await HTTPClient.send(port: h.port, path: "/obj/digits", headers: headers)
            }
            let middle = try await get([("Range", "bytes=2-5")])
            #expect(middle.status == 206 && middle.text == "2345")
            #expect(middle.header("x-range") == #"{"offset":2,"length":4}"#)
            #expect(try await get([("Range", "bytes=7-")]).text == "789")
            #expect(try await get([("Range", "bytes=-3")]).text == "789")
            #expect(try await get([("Range", "bytes=5-100")]).text == "56789")
            let unsatisfiable = try await get([("Range", "bytes=20-30")])
            let rangeError = try Self.json(unsatisfiable)["name"] as? String
            #expect(unsatisfiable.status == 416 && rangeError == "RangeError")

            #expect(try await get([("If-None-Match", "\"\(etag)\"")]).status == 304)
            #expect(try await get([("If-None-Match", "\"other\"")]).text == "0123456789")
            #expect(try await get([("If-Match", "\"other\"")]).status == 412)
            #expect(try await get([("If-Match", "\"\(etag)\"")]).status == 200)
            let future = "Wed, 21 Oct 2065 07:28:00 GMT", past = "Wed, 21 Oct 2015 07:28:00 GMT"
            #expect(try await get([("If-Modified-Since", future)]).status == 304)
            #expect(try await get([("If-Modified-Since", past)]).status == 200)
            #expect(try await get([("If-Unmodified-Since", past)]).status == 412)
        }
    }

    @Test func listPaginatesAndGroupsByDelimiter() async throws {
        try await Self.with { h in
            var keys: [String] = []
            for folder in ["a", "b"] {
                for index in 0..<12 { keys.append("photos/\(folder)/\(String(format: "%02d", index)).jpg") }
            }
            keys += ["photos/top.jpg", "other/x"]
            for key in keys {
                #expect(try await Self.put(h, key, Array(key.utf8), query: "meta=%7B%22k%22%3A%22v%22%7D").status == 200)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "/list?prefix=photos/&limit=10" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try Self.json(try await h.get(query))
                seen += page["keys"] as? [String] ?? []
                cursor = page["truncated"] as? Bool == true ? page["cursor"] as? String : nil
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == keys.filter { $0.hasPrefix("photos/") }.sorted())

            let grouped = try Self.json(try await h.get("/list?prefix=photos/&delimiter=/"))
            #expect(grouped["keys"] as? [String] == ["photos/top.jpg"])
            #expect(grouped["delimitedPrefixes"] as? [String] == ["photos/a/", "photos/b/"])
            let after = try Self.json(try await h.get("/list?prefix=photos/a/&startAfter=photos/a/09.jpg"))
            #expect(after["keys"] as? [String] == ["photos/a/10.jpg", "photos/a/11.jpg"])
            let plain = try Self.json(try await h.get("/list?prefix=other/"))
            #expect((plain["custom"] as? [Any])?.first is NSNull || (plain["custom"] as? [[String: String]])?.first?.isEmpty == true)
            let included = try Self.json(try await h.get("/list?prefix=other/&include=customMetadata"))
            #expect(included["custom"] as? [[String: String]] == [["k": "v"]])
        }
    }

    @Test func multipartUploads() async throws {
        try await Self.with { h in
            let result = try Self.json(try await HTTPClient.send(port: h.port, method: "POST", path: "/multipart?key=big"))
            #expect(result["size"] as? Int == 2 * 5 * 1024 * 1024 + 4)
            #expect((result["etag"] as? String)?.hasSuffix("-3") == true)
            #expect(result["contentType"] as? String == "application/x-parts")
            #expect(result["custom"] as? [String: String] == ["parts": "3"])
            #expect(result["edge"] as? [Int] == [1, 1, 2, 2])
            #expect(result["tail"] as? String == "tail")
            #expect(result["abortedExists"] as? Bool == false)
            #expect((result["afterAbort"] as? [String: Any])?["message"] as? String != nil)
        }
    }

    @Test func badArgumentsThrowWorkerdsErrors() async throws {
        try await Self.with { h in
            let results = try Self.json(try await HTTPClient.send(port: h.port, method: "POST", path: "/errors"))
            func error(_ name: String) -> (name: String, message: String) {
                let entry = results[name] as? [String: String] ?? [:]
                return (entry["name"] ?? "?", entry["message"] ?? "?")
            }
            #expect(error("longKey").name == "Error" && error("longKey").message.contains("(10020)"))
            #expect(error("negativeOffset").name == "RangeError")
            #expect(error("suffixAndOffset").name == "TypeError")
            #expect(error("listLimit").name == "RangeError")
            #expect(error("numberValue").name == "TypeError")
            #expect(error("twoHashes").name == "TypeError" && error("twoHashes").message.contains("multiple hashing"))
            #expect(error("badHash").name == "TypeError")
            #expect(error("wrongDigest").name == "Error" && error("wrongDigest").message.contains("(10037)"))
            #expect(error("partNumber").name == "RangeError")
            #expect(error("badCursor").name == "Error")
            #expect(error("notHeaders").name == "TypeError")
            #expect(results["kept"] as? String == "still here")
        }
    }

    @Test func concurrentPutsAndGets() async throws {
        /// What writer `index` stores: its number, then 4 KiB of one byte value.
        func value(_ index: Int) -> [UInt8] { Array("\(index);".utf8) + [UInt8](repeating: UInt8(index), count: 4096) }
        try await Self.with { h in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let put = try await Self.put(h, "c/\(index % 10)", value(index))
                        let get = try await h.get("/obj/c/\(index % 10)")
                        // Last writer wins per key, never a torn mix: the body is exactly one writer's value.
                        let writer = get.body.firstIndex(of: UInt8(ascii: ";")).flatMap { Int(String(decoding: get.body[..<$0], as: UTF8.self)) }
                        return put.status == 200 && get.status == 200 && writer.map { $0 % 10 == index % 10 && get.body == value($0) } == true
                    }
                }
                for try await ok in group { #expect(ok) }
            }
        }
    }
}
