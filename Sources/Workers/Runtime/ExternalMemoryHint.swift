import Foundation
import JavaScript

/// Keeps body chunks that JS has dropped from piling up. `ctx.uint8Array` copies into malloc'd memory the
/// collector does not count, so a 256 MiB R2 object streamed through a Worker left up to ~200 MiB of dead
/// 4 MiB chunks waiting for a collection. Each chunk's size is reported to JavaScriptCore
/// (`JSReportExtraMemoryCost`, exported by libjavascriptcoregtk but declared in no public header, so looked
/// up at run time as GPUBindings does), and after every `collectEvery` bytes handed to one isolate a
/// collection is asked for (`JSGarbageCollect`), which the reported cost alone did not bring about soon enough.
enum ExternalMemoryHint {
    private typealias ReportExtraMemoryCost = @convention(c) (OpaquePointer?, Int) -> Void

    private static let report: ReportExtraMemoryCost? = {
        // A nil handle is RTLD_DEFAULT: search every loaded library.
        guard let symbol = dlsym(nil, "JSReportExtraMemoryCost") else { return nil }
        return unsafeBitCast(symbol, to: ReportExtraMemoryCost.self)
    }()

    static let collectEvery = 32 << 20
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: [ObjectIdentifier: Int] = [:]

    /// A Uint8Array holding a copy of `bytes`, its size reported to the collector. On the isolate thread.
    static func uint8Array(_ bytes: [UInt8], in ctx: JSContext) throws -> JSValue {
        let array = try ctx.uint8Array(bytes)
        report?(ctx.ref, bytes.count)
        let key = ObjectIdentifier(ctx)
        let due: Bool = lock.withLock {
            let total = handedOut[key, default: 0] + bytes.count
            handedOut[key] = total >= collectEvery ? 0 : total
            return total >= collectEvery
        }
        if due { ctx.collectGarbage() }
        return array
    }
}
