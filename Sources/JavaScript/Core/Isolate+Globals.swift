import CJavaScriptCore

// The globals the engine core owns: timers, queueMicrotask, the unhandled-rejection hook, and WebAssembly's
// promise-returning functions (see WebAssemblyPromises.swift).
extension Isolate {
    /// Longest delay browsers honour (2^31-1 ms); larger values are clamped here rather than overflowing to 0.
    private static let maximumDelayMilliseconds = 2_147_483_647.0

    func installCoreGlobals(_ ctx: JSContext) throws {
        let global = ctx.global
        for (name, repeats) in [("setTimeout", false), ("setInterval", true)] {
            try global.define(name, ctx.function(name, length: 1) { [unowned self] ctx, _, args in
                guard args[0].isFunction else {
                    throw JSError.typeError("\(name): argument 1 must be a function")
                }
                let requested = args.count > 1 ? try args[1].toDouble() : 0
                let milliseconds = requested.isFinite ? min(max(requested, 0), Self.maximumDelayMilliseconds) : 0
                let id = self.timers.add(callback: args[0], arguments: Array(args.values.dropFirst(2)),
                                         delayNanoseconds: UInt64(milliseconds * 1_000_000), repeats: repeats)
                return ctx.number(id)
            })
        }
        for name in ["clearTimeout", "clearInterval"] {
            try global.define(name, ctx.function(name, length: 1) { [unowned self] ctx, _, args in
                if let id = args[0].int { self.timers.cancel(id) }
                return ctx.undefined
            })
        }
        let reportMicrotaskError = ctx.function("reportError", length: 1) { [unowned self] ctx, _, args in
            self.reportUncaught(JSError(thrown: args[0]), source: .microtask)
            return ctx.undefined
        }
        let queueMicrotask = try ctx.evaluate("""
            (report => {
              const then = Promise.prototype.then, resolved = Promise.resolve();
              return function queueMicrotask(callback) {
                if (typeof callback !== "function") {
                  throw new TypeError("queueMicrotask: argument 1 must be a function");
                }
                then.call(resolved, () => { try { callback(); } catch (error) { report(error); } });
              };
            })
            """, sourceURL: "kiln:internal").call([reportMicrotaskError])
        try global.define("queueMicrotask", queueMicrotask)

        let onUnhandledRejection = ctx.function("unhandledRejection", length: 2) { [unowned self] ctx, _, args in
            self.reportUncaught(JSError(thrown: args[1]), source: .unhandledRejection)
            return ctx.undefined
        }
        let callback = try onUnhandledRejection.objectRef()
        try ctx.check { JSGlobalContextSetUnhandledRejectionCallback(ctx.ref, callback, $0) }
        try installWebAssemblyPromises(ctx)
    }
}
