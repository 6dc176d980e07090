/// A Worker's answer, on its way back to the HTTP client.
public struct WorkerResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Chunks as the Worker produces them (a JS `ReadableStream` body); sent as they arrive.
        case stream(AsyncThrowingStream<[UInt8], Error>)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response, for errors the runtime itself reports (413, 500, 503...).
    public static func text(_ status: Int, _ text: String) -> WorkerResponse {
        WorkerResponse(status: status, headers: [("content-type", "text/plain;charset=UTF-8")],
                       body: .bytes(Array(text.utf8)))
    }
}

/// Whatever answers requests: the Worker runtime, or a test's stand-in for the server's own tests.
public protocol WorkerRequestHandler: Sendable {
    /// Answers `request` by calling `reply` exactly once, on whichever thread the answer is ready on (for the
    /// Worker runtime: the isolate's thread). The HTTP server takes it from there to the connection's event
    /// loop, so a request crosses threads once each way and no Swift task sits in the middle.
    func handle(_ request: WorkerRequest, reply: @escaping @Sendable (WorkerResponse) -> Void)
}

extension WorkerRequestHandler {
    /// The answer to `request`, for callers that are in an async context anyway (benchmarks, tests).
    public func handle(_ request: WorkerRequest) async -> WorkerResponse {
        await withCheckedContinuation { continuation in
            handle(request) { continuation.resume(returning: $0) }
        }
    }
}
