/// An HTTP request on its way into a Worker: what the JS `Request` is built from.
public struct WorkerRequest: Sendable {
    public var method: String
    /// Absolute URL (`http://127.0.0.1:8787/path?query`), as `request.url` shows it in JS.
    public var url: String
    public var headers: [(name: String, value: String)]
    /// The whole body, when it came at once (small bodies); the server has already held it to the body limit.
    public var body: [UInt8]
    /// The body as it arrives, when it streams (large or chunked uploads); `body` is then empty.
    public var bodyStream: WorkerRequestBody?

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                bodyStream: WorkerRequestBody? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyStream = bodyStream
    }

    /// Path and query, for log lines.
    public var pathAndQuery: String {
        guard let scheme = url.range(of: "://"),
              let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return "/" }
        return String(url[slash...])
    }
}
