import Testing
@testable import Workers

/// Which URLs the runtime takes as already serialized (the JS `Request` is built without parsing them): each
/// accepted one must be exactly what the WHATWG parser gives back; everything the parser would change is
/// refused, so it takes the full parse.
struct SerializedURLTests {
    @Test func acceptsURLsTheParserKeepsAsTheyAre() {
        for url in [
            "http://127.0.0.1:8787/", "http://localhost:8787/path/to?x=1&y=%20z", "https://example.com/a;b=c",
            "http://my-host.example/~user/(x)*+,@:$!", "http://10.0.0.255/?a/b?c", "http://a.b/.x/x./..x",
            "http://0.0.0.0:1/", "https://a1.b2.c3/%2/%zz",
        ] {
            #expect(SerializedURL.isSerialized(url), "\(url)")
        }
    }

    @Test func refusesURLsTheParserWouldChange() {
        for url in [
            "http://127.0.0.1:8787", "http://LOCALHOST/", "http://localhost:80/", "https://a.example:443/",
            "http://localhost:08787/", "http://localhost:99999/", "http://localhost:/", "http://127.1/",
            "http://0x7f.0.0.1/", "http://127.0.0.01/", "http://256.0.0.1/", "http://1.2.3.4.5/", "http://1234/",
            "http://xn--nxasmq6b/", "http://a..b/", "http://a./", "http://-a/", "http://a/b/../c", "http://a/./c",
            "http://a/%2e%2E/c", "http://a/.%2e", "http://a/b/..?q", "http://a/b c", "http://a/b\\c", "http://a/b#frag",
            "http://a/?it's", "http://a/\"q\"", "http://a/<b>", "http://a/ü", "ftp://a/", "http://user@a/",
            "http://a/{x}", "http://a/`x`", "HTTP://a/", "http:///", "http://a/\t", "http://[::1]/",
        ] {
            #expect(!SerializedURL.isSerialized(url), "\(url)")
        }
    }
}

/// What the Worker sees of an incoming request is the same whether or not the runtime skipped the URL parse.
@Suite struct IncomingRequestTests {
    static let toml = "name = \"t\"\nmain = \"index.js\"\ncompatibility_date = \"2024-09-23\"\n"
    static let js = """
        export default {
          async fetch(request) {
            const url = new URL(request.url);
            return new Response([request.method, request.url, url.pathname + url.search, url.host,
                                 [...request.headers].map(([n, v]) => n + "=" + v).join(";"),
                                 request.signal.aborted, await request.text()].join("\\n"));
          },
        };
        """

    private func exchange(_ port: Int, _ head: String, body: String = "") async throws -> [String] {
        let reply = try await HTTPClient.raw(port: port, bytes: Array((head + "\r\n" + body).utf8))
        guard let split = reply.range(of: "\r\n\r\n") else { return [] }
        return reply[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func requestURLIsTheParsersSerializationOnBothPaths() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            // Serialized already: taken as it is.
            let plain = try await exchange(h.port, "GET /p/q?x=1&y=%41 HTTP/1.1\r\nHost: 127.0.0.1:\(h.port)\r\nConnection: close\r\n")
            #expect(plain.prefix(4) == ["GET", "http://127.0.0.1:\(h.port)/p/q?x=1&y=%41", "/p/q?x=1&y=%41", "127.0.0.1:\(h.port)"])
            // Not serialized (host case, default port, dot segments, a quote in the query): parsed in JS.
            let parsed = try await exchange(h.port, "GET /a/./b/../c?it's HTTP/1.1\r\nHost: LocalHost:80\r\nConnection: close\r\n")
            #expect(parsed.prefix(4) == ["GET", "http://localhost/a/c?it%27s", "/a/c?it%27s", "localhost"])
            let dotted = try await exchange(h.port, "GET /x/%2E%2e/y?%7e HTTP/1.1\r\nHost: 127.0.0.1:\(h.port)\r\nConnection: close\r\n")
            #expect(dotted.count > 1 && dotted[1] == "http://127.0.0.1:\(h.port)/y?%7e")
        }
    }

    @Test func methodHeadersAndBodyAreTheConstructorsResult() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            let post = try await exchange(h.port, "POST /in HTTP/1.1\r\nHost: 127.0.0.1:\(h.port)\r\nX-B:  two \r\nx-a: 1\r\n"
                                          + "X-A: 2\r\nContent-Length: 5\r\nConnection: close\r\n", body: "hello")
            // Headers lowercased, trimmed, sorted and combined, as the constructor gives them.
            #expect(post.first == "POST")
            #expect(post.count > 6 && post[4] == "connection=close;content-length=5;host=127.0.0.1:\(h.port);x-a=1, 2;x-b=two")
            #expect(post.count > 6 && post[5] == "false" && post[6] == "hello")
            let custom = try await exchange(h.port, "PURGE /x HTTP/1.1\r\nHost: 127.0.0.1:\(h.port)\r\nConnection: close\r\n")
            #expect(custom.first == "PURGE")
            // A GET's body is not the Request's (as before: GET and HEAD cannot have one).
            let get = try await exchange(h.port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1:\(h.port)\r\nContent-Length: 3\r\nConnection: close\r\n", body: "abc")
            #expect(get.count > 6 && get[6] == "")
        }
    }
}
