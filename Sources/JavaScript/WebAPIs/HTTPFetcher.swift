import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Outbound HTTP for `fetch()`: one shared client and the request/response shapes crossing into JS.
/// No redirects (the JS side follows them as the Fetch Standard says), gzip/deflate decoded as browsers do.
enum HTTPFetcher {
    struct Exchange: Sendable {
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: [UInt8]?
    }

    struct Head: Sendable {
        var status: Int
        var statusText: String
        var headers: [(String, String)]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Redirects off, decompression on; lives for the process (never shut down, like HTTPClient.shared).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(30), read: .seconds(300)),
            decompression: .enabled(limit: .ratio(100))
        )
        configuration.httpVersion = .automatic
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// How long the response head may take; the body has no overall limit (only the client's read timeout
    /// between chunks), so long streams keep flowing.
    static let headTimeout: TimeAmount = .seconds(300)

    static func request(for exchange: Exchange) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: exchange.url)
        request.method = HTTPMethod(rawValue: exchange.method)
        for (name, value) in exchange.headers { request.headers.add(name: name, value: value) }
        if let body = exchange.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return request
    }
}
