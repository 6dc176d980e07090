import Foundation
import JavaScript

/// A source of `env` bindings written outside the Workers core (the R2 JS API in `Bindings/R2/`).
/// Providers run on every new isolate after the Workers glue and before `env` is built. The R2 provider
/// defines `workers.makeR2Bucket(binding)`, which `makeEnv` calls for each `[[r2_buckets]]` entry.
public protocol BindingProvider: Sendable {
    func install(in ctx: JSContext, workers: JSValue, environment: BindingEnvironment) throws
}

/// What a provider needs to know about the project and the isolate it installs into.
public struct BindingEnvironment: Sendable {
    public let config: WranglerConfig
    /// Folder of persisted state (`.kiln/state`), or nil when state is kept in memory.
    public let stateDirectory: String?
    public let context: RuntimeContext
}

/// The providers every isolate gets; register before the first `WorkerRuntime` starts.
public enum BindingProviders {
    nonisolated(unsafe) private static var registered: [any BindingProvider] = []
    private static let lock = NSLockBox()

    public static func register(_ provider: any BindingProvider) {
        lock.withLock { registered.append(provider) }
    }

    /// Kiln's own providers first (R2), then the registered ones.
    static var all: [any BindingProvider] { [R2BindingProvider()] + lock.withLock { registered } }
}

/// A lock usable from static storage.
final class NSLockBox: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T { try lock.withLock(body) }
}
