import AsyncHTTPClient
import Foundation
import NIOCore

/// One outbound HTTP exchange of `fetch()`, driven from JS: `head()` once, then `nextChunk()` each time the
/// response body stream is pulled (AsyncHTTPClient reads from the socket only as far as its small buffer,
/// so a body nobody reads stops the transfer). `cancel()` — an abort, a cancelled body stream, or this
/// object being collected with the Response — cancels the request and closes its connection.
final class HTTPFetch: @unchecked Sendable {
    private let exchange: HTTPFetcher.Exchange
    private let lock = NSLock()
    private var cancelled = false
    /// Cancels the step in flight (the request until its head arrives, then one body read).
    private var cancelStep: (() -> Void)?
    /// The body between reads; nil while a read holds it, once it ended, or after `cancel()`. Dropping it
    /// makes AsyncHTTPClient cancel the request.
    private var body: BodyIterator?

    init(_ exchange: HTTPFetcher.Exchange) { self.exchange = exchange }

    deinit { cancel() }

    func head() async throws -> HTTPFetcher.Head {
        let request = HTTPFetcher.request(for: exchange)
        let response = try await step { try await HTTPFetcher.client.execute(request, timeout: HTTPFetcher.headTimeout) }
        let iterator = BodyIterator(response.body.makeAsyncIterator())
        try lock.withLock {
            if cancelled { throw CancellationError() }
            body = iterator
        }
        return HTTPFetcher.Head(status: Int(response.status.code), statusText: response.status.reasonPhrase,
                                headers: response.headers.map { ($0.name, $0.value) })
    }

    /// The next chunk of the body, nil at its end.
    func nextChunk() async throws -> ByteBuffer? {
        let taken = try lock.withLock {
            if cancelled { throw CancellationError() }
            defer { body = nil }
            return body
        }
        guard let taken else { return nil }
        let chunk = try await step { try await taken.next() }
        if chunk != nil { lock.withLock { if !cancelled { body = taken } } }
        return chunk
    }

    func cancel() {
        let (cancelInFlight, dropped) = lock.withLock {
            cancelled = true
            defer { body = nil }
            return (cancelStep, body)
        }
        cancelInFlight?()
        _ = dropped  // released here, outside the lock: its deinit tells AsyncHTTPClient to cancel
    }

    /// Runs one awaited step in a task that `cancel()` can reach from any thread.
    private func step<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let alreadyCancelled = lock.withLock {
            if !cancelled { cancelStep = { task.cancel() } }
            return cancelled
        }
        if alreadyCancelled { task.cancel() }
        defer { lock.withLock { cancelStep = nil } }
        do {
            return try await task.value
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw HTTPFetcher.Failure(description: "\(error) for \(exchange.method) \(exchange.url)")
        }
    }
}

/// Carries the body iterator into the task that reads it. Only one read holds it at a time (`nextChunk`
/// takes it out of `HTTPFetch.body` under the lock and puts it back afterwards).
private final class BodyIterator: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(_ iterator: HTTPClientResponse.Body.AsyncIterator) { self.iterator = iterator }

    func next() async throws -> ByteBuffer? { try await iterator.next() }
}
