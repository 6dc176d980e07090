import Foundation

/// The Web platform globals of one isolate (fetch API, URL, encoding, streams, crypto, events, console...),
/// and the Swift-facing bridge the Workers runtime uses to hand requests in and take responses out.
///
///     let web = try await isolate.run { ctx in try WebAPIs.install(in: ctx, options: .init(console: sink)) }
///     let request = try await isolate.run { _ in try web.makeRequest(method: "GET", url: u, headers: h, body: nil) }
///     let response = try await (call the worker's fetch handler with `request`).resolved()
///     let parts = try await web.readResponse(response)          // status, statusText, headers, body bytes
///     // or, to stream: let (head, chunks) = try await web.openResponse(response); for try await c in chunks {…}
public final class WebAPIs: @unchecked Sendable {
    /// The isolate the globals live in.
    public let isolate: Isolate
    /// `kiln.host` from Runtime/host.js; used only on the isolate thread. Public for embedders whose own JS
    /// glue calls it on the request path (the Workers runtime hands it to its dispatch code).
    public let host: JSValue

    private init(isolate: Isolate, host: JSValue) {
        self.isolate = isolate
        self.host = host
    }

    /// Evaluates the runtime JS into `ctx` and defines the globals. Call once per isolate, on its thread.
    @discardableResult
    public static func install(in ctx: JSContext, options: WebAPIOptions = WebAPIOptions()) throws -> WebAPIs {
        let kiln = try ctx.evaluate("({ internal: {} })", sourceURL: "kiln:runtime")
        try kiln.set("native", WebAPINatives.make(ctx, options: options))
        if let baseURL = options.baseURL { try kiln.get("internal").set("baseURL", ctx.string(baseURL)) }
        for (name, source) in try WebAPIRuntimeFiles.sources.get() {
            // The wrapper shares the file's first line so stack line numbers match the file.
            let wrapped = "(function (kiln) { \"use strict\"; \(source)\n})"
            try ctx.evaluate(wrapped, sourceURL: "kiln:runtime/\(name).js").call([kiln])
        }
        return WebAPIs(isolate: ctx.isolate, host: try kiln.get("host"))
    }

    // MARK: requests in

    /// A JS `Request` for an incoming HTTP request. Any method token is kept as given (GET/POST/... are
    /// uppercased as the Fetch Standard normalizes them). Isolate thread only.
    /// - Parameters:
    ///   - url: an absolute URL (`http://host/path?query`); a relative or invalid one throws a TypeError JSError.
    ///   - headers: name/value pairs in wire order; invalid names or values throw a TypeError JSError.
    ///   - body: the body bytes, or nil for none.
    public func makeRequest(method: String, url: String, headers: [(String, String)], body: [UInt8]?) throws -> JSValue {
        let ctx = host.context
        let pairs = try ctx.array(headers.map { try ctx.array([ctx.string($0.0), ctx.string($0.1)]) })
        let bodyValue = try body.map { try ctx.uint8Array($0) } ?? ctx.null
        return try host.callMethod("makeRequest", [ctx.string(method), ctx.string(url), pairs, bodyValue])
    }

    /// The same, with the body given as a JS `ReadableStream` of Uint8Array chunks (for streamed uploads).
    public func makeRequest(method: String, url: String, headers: [(String, String)], bodyStream: JSValue) throws -> JSValue {
        let ctx = host.context
        let pairs = try ctx.array(headers.map { try ctx.array([ctx.string($0.0), ctx.string($0.1)]) })
        return try host.callMethod("makeRequest", [ctx.string(method), ctx.string(url), pairs, bodyStream])
    }

    /// Aborts `request.signal` (the client went away). Isolate thread only.
    public func abort(request: JSValue, reason: String? = nil) throws {
        let ctx = host.context
        _ = try host.callMethod("abortRequest", [request, reason.map { ctx.error(JSError.domException("AbortError", $0)) } ?? ctx.undefined])
    }

    // MARK: responses out

    /// Status line and headers of a JS `Response`.
    public struct ResponseHead: Sendable {
        public var status: Int
        public var statusText: String
        /// Name/value pairs in insertion order, names lowercased; each Set-Cookie is its own pair.
        public var headers: [(String, String)]
    }

    /// Status, headers and the whole body of a JS `Response` (a JSError TypeError if `response` is not one,
    /// or if its body was already read). Callable from any async context.
    public func readResponse(_ response: JSValue) async throws -> (head: ResponseHead, body: [UInt8]) {
        let (head, bodyPromise) = try await isolate.run { _ in
            (try self.responseHead(response), try self.host.callMethod("readResponseBody", [response]))
        }
        let bytes = try await bodyPromise.resolved()
        return (head, try await isolate.run { _ in try bytes.bytes() })
    }

    /// Status and headers now, and the body as chunks read from its stream as the consumer asks for them.
    public func openResponse(_ response: JSValue) async throws -> (head: ResponseHead, body: ResponseBodyChunks) {
        try await isolate.run { _ in
            let head = try self.responseHead(response)
            let reader = try self.host.callMethod("openResponseBody", [response])
            return (head, ResponseBodyChunks(isolate: self.isolate, reader: reader.isNull ? nil : reader))
        }
    }

    private func responseHead(_ response: JSValue) throws -> ResponseHead {
        let head = try host.callMethod("responseHead", [response])
        let headers = try head.get("headers").toArray().map { pair in
            (try pair.get(index: 0).toString(), try pair.get(index: 1).toString())
        }
        return ResponseHead(status: Int(try head.get("status").toDouble()),
                            statusText: try head.get("statusText").toString(), headers: headers)
    }
}

/// The body of a JS Response as an async sequence of byte chunks (each a copy of one stream chunk).
public struct ResponseBodyChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let isolate: Isolate
    let reader: JSValue?

    public struct AsyncIterator: AsyncIteratorProtocol {
        let isolate: Isolate
        var reader: JSValue?

        public mutating func next() async throws -> [UInt8]? {
            guard let reader else { return nil }
            let read = try await isolate.run { _ in try reader.callMethod("read") }
            let result = try await read.resolved()
            let chunk: [UInt8]? = try await isolate.run { _ in
                if try result.get("done").toBool() { return nil }
                let value = try result.get("value")
                guard value.isBufferSource else {
                    throw JSError.typeError("a Response body stream produced a chunk that is not a Uint8Array")
                }
                return try value.bytes()
            }
            if chunk == nil { self.reader = nil }
            return chunk
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(isolate: isolate, reader: reader) }
}
