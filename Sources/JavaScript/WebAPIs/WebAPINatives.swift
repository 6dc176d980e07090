import CJavaScriptCore
import Foundation

/// The Swift hooks the runtime JS calls as `kiln.native.*`: console sink, clock, UTF-8 codecs, random,
/// digests and outbound HTTP (FetchNatives). Each converts its arguments, calls the Swift implementation, and wraps the result.
enum WebAPINatives {
    static func make(_ ctx: JSContext, options: WebAPIOptions) throws -> JSValue {
        let native = ctx.object()
        let startNanoseconds = DispatchTime.now().uptimeNanoseconds
        let sink = options.console

        try native.set("userAgent", ctx.string(options.userAgent))
        try native.set("hardwareConcurrency", ctx.number(ProcessInfo.processInfo.activeProcessorCount))
        try native.set("timeOrigin", ctx.number((Date().timeIntervalSince1970 * 1000 * 1000).rounded() / 1000))

        try native.set("print", ctx.function("print", length: 2) { ctx, _, args in
            let level = ConsoleLevel(rawValue: try args[0].toString()) ?? .log
            sink(level, try args[1].toString())
            return ctx.undefined
        })
        try native.set("now", ctx.function("now") { ctx, _, _ in
            // Microsecond resolution, as browsers coarsen performance.now().
            let elapsed = DispatchTime.now().uptimeNanoseconds - startNanoseconds
            return ctx.number(Double(elapsed / 1000) / 1000)
        })
        try native.set("utf8Encode", ctx.function("utf8Encode", length: 1) { ctx, _, args in
            var text = try args[0].toString()
            return try text.withUTF8 { utf8 in
                let buffer = try ctx.arrayBuffer(copying: UnsafeRawBufferPointer(utf8))
                return try ctx.typedArray(kJSTypedArrayTypeUint8Array, buffer: buffer)
            }
        })
        try native.set("utf8Decode", ctx.function("utf8Decode", length: 2) { ctx, _, args in
            let fatal = args[1].toBool()
            do {
                return ctx.string(try args[0].withBytes { try UTF8Codec.decode(UnsafeRawBufferPointer($0), fatal: fatal) })
            } catch is UTF8Codec.InvalidData {
                throw JSError.typeError("The encoded data was not valid for encoding utf-8")
            }
        })
        try native.set("randomFill", ctx.function("randomFill", length: 1) { _, _, args in
            try args[0].withBytes { SecureRandom.fill($0) }
            return args[0]
        })
        try native.set("digest", ctx.function("digest", length: 2) { ctx, _, args in
            let algorithm = try args[0].toString()
            guard let digest = try args[1].withBytes({ WebDigest.digest(algorithm: algorithm, of: UnsafeRawBufferPointer($0)) }) else {
                throw JSError.domException("NotSupportedError", "Unrecognized algorithm name: \(algorithm)")
            }
            return try digest.withUnsafeBytes { try ctx.arrayBuffer(copying: $0) }
        })
        try native.set("fetch", ctx.function("fetch", length: 1) { ctx, _, args in try FetchNatives.start(ctx, args[0]) })
        return native
    }
}
