import CJavaScriptCore
import Foundation
import JavaScript

/// Tells JavaScriptCore's collector about GPU memory a small JS wrapper keeps alive, so dropped devices and
/// buffers are collected (and their wgpu objects released) at the pace they use memory, not at the pace of the
/// few bytes their wrappers take on the JS heap. `JSReportExtraMemoryCost` is exported by libjavascriptcoregtk
/// but declared in no public header, so it is looked up at run time; without it the hint is skipped.
enum GarbageCollectionHint {
    private typealias ReportExtraMemoryCost = @convention(c) (JSContextRef?, Int) -> Void

    private static let report: ReportExtraMemoryCost? = {
        // A nil handle is RTLD_DEFAULT: search every loaded library.
        guard let symbol = dlsym(nil, "JSReportExtraMemoryCost") else { return nil }
        return unsafeBitCast(symbol, to: ReportExtraMemoryCost.self)
    }()

    /// What an idle wgpu device costs beyond its buffers (its queue, pools and event pump), as a GC hint.
    static let deviceCost = 4 << 20

    static func report(_ bytes: UInt64, in ctx: JSContext) {
        report?(ctx.ref, Int(clamping: bytes))
    }
}
