import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP client for the classifier tests: real HTTP on loopback with a timeout long enough for a CPU GPU
/// (lavapipe) working through 100 queued uploads, and enough connections to send them all at once.
struct ClassifierClient {
    struct Reply {
        var status: Int
        var text: String
        var headers: [String: String]
    }

    let port: Int
    private let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 300
        configuration.timeoutIntervalForResource = 300
        configuration.httpMaximumConnectionsPerHost = 128
        return URLSession(configuration: configuration)
    }()

    func send(method: String = "POST", path: String = "/", contentType: String? = nil, accept: String? = nil,
              body: [UInt8]? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        if let body { request.httpBody = Data(body) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FixtureError("not an HTTP response") }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields { headers[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, text: String(decoding: data, as: UTF8.self), headers: headers)
    }

    /// Uploads `bytes` as the multipart field `field` (a file unless `filename` is nil).
    func upload(_ bytes: [UInt8], field: String = "file", filename: String? = "photo", accept: String? = nil) async throws -> Reply {
        let form = ClassifierFixture.multipart(field: field, filename: filename, bytes: bytes)
        return try await send(contentType: form.contentType, accept: accept, body: form.body)
    }
}
