import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP front door: HTTP/1.1 on SwiftNIO at the configured address, each request handed to a
/// `WorkerRequestHandler` straight from the connection's event loop, and the answer written from the thread
/// that produced it back onto that loop (`WorkerHTTPChannelHandler`). The pipeline is NIO's request decoder
/// and Kiln's connection handler only: the handler encodes responses itself, queues pipelined requests,
/// answers malformed HTTP with 400 and oversized bodies with 413 before the Worker sees them.
public struct WorkerHTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    public let handler: any WorkerRequestHandler

    public init(configuration: HTTPServerConfiguration, handler: any WorkerRequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Serves until the surrounding task is cancelled, then closes the listener and every open connection.
    /// `onListening` receives the bound port. Throws when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let configuration = self.configuration
        let handler = self.handler
        let connections = OpenConnections()
        let bootstrap = ServerBootstrap(group: NIOSingletons.posixEventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
                        WorkerHTTPChannelHandler(configuration: configuration, handler: handler))
                    connections.insert(channel)
                }
            }
        let listener = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        await onListening(listener.localAddress?.port ?? 0)
        try await withTaskCancellationHandler {
            try await listener.closeFuture.get()
        } onCancel: {
            listener.close(promise: nil)
        }
        connections.closeAll()
    }
}

/// The accepted connections of one server, so stopping it also ends keep-alive connections.
final class OpenConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: Channel] = [:]

    func insert(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        lock.withLock { channels[key] = channel }
        channel.closeFuture.whenComplete { _ in self.remove(key) }
    }

    private func remove(_ key: ObjectIdentifier) {
        lock.withLock { _ = channels.removeValue(forKey: key) }
    }

    func closeAll() {
        for channel in lock.withLock({ Array(channels.values) }) { channel.close(promise: nil) }
    }
}
