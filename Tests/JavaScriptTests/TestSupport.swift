import Foundation
import JavaScript

/// Runs `body` with a fresh isolate and shuts it down afterwards, whatever happens.
func withIsolate<T>(_ options: Isolate.Options = Isolate.Options(),
                    _ body: (Isolate) async throws -> T) async throws -> T {
    let isolate = try Isolate(options: options)
    defer { isolate.shutdown() }
    return try await body(isolate)
}

/// Evaluates `source` on the isolate and converts the result to a Swift string.
func evaluateString(_ isolate: Isolate, _ source: String) async throws -> String {
    try await isolate.run { ctx in try ctx.evaluate(source).toString() }
}

/// A flag set from another thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

/// Collects values from other threads.
final class Collector<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var values: [T] { lock.withLock { items } }
}
