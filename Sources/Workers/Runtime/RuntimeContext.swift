import Foundation
import JavaScript

/// What the bindings layer may ask about the JS that is running: the project's compatibility flags and
/// whether it runs in a plain Worker or in a Durable Object (and whether that one has storage).
/// Every isolate belongs to exactly one Worker or one object, so the answer is fixed per isolate;
/// `current` finds it from the isolate's thread, which is where every binding call runs.
public final class RuntimeContext: @unchecked Sendable {
    public let compatibilityFlags: CompatibilityFlags
    public let compatibilityDate: String?
    public let kind: ExecutionContextKind

    public init(compatibilityFlags: CompatibilityFlags, compatibilityDate: String?, kind: ExecutionContextKind) {
        self.compatibilityFlags = compatibilityFlags
        self.compatibilityDate = compatibilityDate
        self.kind = kind
    }

    /// The context of the isolate whose thread calls this, or nil outside Worker isolates.
    public static var current: RuntimeContext? {
        Thread.current.threadDictionary[threadKey] as? RuntimeContext
    }

    /// workerd's rule for `navigator.gpu`: Durable Objects only, with storage, and with the `webgpu` and
    /// `experimental` flags. Returns nil when allowed, else the TypeError message workerd gives.
    public var webgpuUnavailableReason: String? {
        guard kind.isDurableObject else { return "webgpu api is only available in Durable Objects" }
        guard kind.hasStorage else { return "webgpu api is only available in Durable Objects (no storage)" }
        guard compatibilityFlags.webgpu else { return "webgpu needs the webgpu compatibility flag set" }
        guard compatibilityFlags.experimental else { return "webgpu needs the experimental compatibility flag set" }
        return nil
    }

    static let threadKey = "kiln.workers.runtime-context"

    /// Binds this context to the isolate's thread (called once, on that thread).
    func attachToCurrentThread() {
        Thread.current.threadDictionary[Self.threadKey] = self
    }
}
