import Foundation
import JavaScript

extension ScriptHost {
    /// A storage commit failed: the object is reset, as workerd resets it. Its open requests fail with the
    /// error, the namespace forgets it (the next request constructs a new instance from what was committed),
    /// and its isolate stops. Runs on the object's isolate thread.
    func breakObject(_ failure: ScriptFailure, namespace: DurableObjectNamespaceHost, id: DurableObjectId) {
        generation.options.log("✘ [ERROR] \(namespace.binding.className) \(id.hex.prefix(8)): \(failure.message)")
        sinks.close(failure)
        namespace.forget(id, instance: self)
        isolate.shutdown()
    }

    /// Commits pending writes before output leaves an object; false (and the sink failed) if it cannot.
    func releaseOutput(_ sink: Int) -> Bool {
        guard let outputGate, let failure = outputGate.release() else { return true }
        sinks.fail(sink, failure)
        return false
    }

    /// In an object's isolate, `fetch()` leaves the object too: pending writes are committed before it goes.
    func gateOutgoingFetch(_ native: JSValue, _ ctx: JSContext) throws {
        guard let outputGate else { return }
        try native.set("releaseOutput", ctx.function("releaseOutput", length: 0) { ctx, _, _ in
            try outputGate.flush()
            return ctx.undefined
        })
        _ = try workers.callMethod("gateFetch")
    }
}
