import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One outbound HTTP exchange for `fetch()`: no redirects (the JS side follows them as the Fetch Standard
/// says), gzip/deflate decoded as browsers do, the whole body collected up to `maxBodyBytes`.
public enum HTTPFetcher {
    public struct Exchange: Sendable {
        public var method: String
        public var url: String
        public var headers: [(String, String)]
        public var body: [UInt8]?
    }

    public struct Result: Sendable {
        public var status: Int
        public var statusText: String
        public var headers: [(String, String)]
        public var body: [UInt8]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Largest response body fetch() buffers (a larger one fails with a TypeError naming the limit).
    public static let maxBodyBytes = 256 << 20

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

    public static func perform(_ exchange: Exchange) async throws -> Result {
        var request = HTTPClientRequest(url: exchange.url)
        request.method = HTTPMethod(rawValue: exchange.method)
        for (name, value) in exchange.headers { request.headers.add(name: name, value: value) }
        if let body = exchange.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .seconds(300))
            var buffer = try await response.body.collect(upTo: maxBodyBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return Result(
                status: Int(response.status.code),
                statusText: response.status.reasonPhrase,
                headers: response.headers.map { ($0.name, $0.value) },
                body: bytes
            )
        } catch let error as NIOTooManyBytesError {
            throw Failure(description: "response body exceeds \(maxBodyBytes) bytes (\(error))")
        } catch let error as HTTPClientError {
            throw Failure(description: "\(error) for \(exchange.method) \(exchange.url)")
        } catch {
            throw Failure(description: "\(error) for \(exchange.method) \(exchange.url)")
        }
    }
}
