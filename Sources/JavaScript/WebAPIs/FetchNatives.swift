import CJavaScriptCore
import NIOCore

/// `kiln.native.fetch(parts)` for Runtime/fetch.js. Takes `{ method, url, headers: [[name, value]],
/// body: Uint8Array | null }`, starts the exchange, and returns
/// `{ head: Promise<{ status, statusText, headers }>, read(): Promise<Uint8Array | null>, cancel() }`.
/// The JS side pulls the body with `read()` as its stream is read, and calls `cancel()` on abort.
enum FetchNatives {
    static func start(_ ctx: JSContext, _ parts: JSValue) throws -> JSValue {
        let fetch = HTTPFetch(try exchange(parts))
        let head = try ctx.promise({ try await fetch.head() }, then: headValue)
        let read = ctx.function("read") { ctx, _, _ in
            try ctx.promise({ try await fetch.nextChunk() }, then: chunkValue)
        }
        let cancel = ctx.function("cancel") { ctx, _, _ in
            fetch.cancel()
            return ctx.undefined
        }
        return try ctx.object(["head": head, "read": read, "cancel": cancel])
    }

    private static func exchange(_ parts: JSValue) throws -> HTTPFetcher.Exchange {
        let headers = try parts.get("headers").toArray().map { pair in
            (try pair.get(index: 0).toString(), try pair.get(index: 1).toString())
        }
        let body = try parts.get("body")
        return HTTPFetcher.Exchange(
            method: try parts.get("method").toString(),
            url: try parts.get("url").toString(),
            headers: headers,
            body: body.isNullish ? nil : try body.bytes()
        )
    }

    private static func headValue(_ ctx: JSContext, _ head: HTTPFetcher.Head) throws -> JSValue {
        let headers = try ctx.array(head.headers.map { try ctx.array([ctx.string($0.0), ctx.string($0.1)]) })
        return try ctx.object([
            "status": ctx.number(head.status),
            "statusText": ctx.string(head.statusText),
            "headers": headers,
        ])
    }

    /// One copy, from NIO's buffer into memory the ArrayBuffer owns.
    private static func chunkValue(_ ctx: JSContext, _ chunk: ByteBuffer?) throws -> JSValue {
        guard let chunk else { return ctx.null }
        let buffer = try chunk.withUnsafeReadableBytes { try ctx.arrayBuffer(copying: $0) }
        return try ctx.typedArray(kJSTypedArrayTypeUint8Array, buffer: buffer)
    }
}
