import Foundation

/// A serial dispatch queue for work that computes or blocks for long: parsing a model, compiling pipelines,
/// a driver's submit. Swift concurrency's shared pool has as many threads as cores, so on a 2-core machine
/// two such calls made from async code stall every other task of the process (a Worker's fetch streams,
/// other requests) until they finish. A labelled serial queue gets a thread of its own outside that pool.
struct DedicatedQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `work` on the queue and returns its result.
    func run<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Starts `work` on the queue, for work that reports its result through a callback of its own.
    func start(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    /// Runs `work` on the queue and returns its result.
    func run<T>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
