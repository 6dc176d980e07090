import Foundation
import JavaScript
import Storage

extension ScriptHost {
    /// `native.storage*`, alarms and the input gate: the natives behind `state.storage` and
    /// `state.blockConcurrencyWhile`. They run synchronously on the isolate thread (see durable-object-state.js).
    /// Writes go through the output gate's batch; calls that read the database directly commit it first.
    func installStorageNatives(_ native: JSValue, _ ctx: JSContext, storage: DurableObjectStorageHandle) {
        let gate = self.gate
        guard let writes = outputGate else { return }
        func strings(_ value: JSValue) throws -> [String] { try value.toArray().map { try $0.toString() } }
        func optionalString(_ value: JSValue) throws -> String? { value.isNullish ? nil : try value.toString() }
        func define(_ name: String, _ length: Int, _ body: @escaping NativeFunctionBody) {
            try? native.set(name, ctx.function(name, length: length) { ctx, this, args in
                do {
                    return try body(ctx, this, args)
                } catch let error as DurableObjectStorageError {
                    throw error.isTypeError ? JSError.typeError(error.description) : JSError.rangeError(error.description)
                }
            })
        }
        define("storageGet", 1) { ctx, _, args in
            try ctx.array(try writes.get(try strings(args[0])).map { $0.map(ctx.string) ?? ctx.undefined })
        }
        define("storagePut", 2) { ctx, _, args in
            try writes.put(try strings(args[0]), try strings(args[1]))
            return ctx.undefined
        }
        define("storageApply", 3) { ctx, _, args in
            try writes.apply(puts: try strings(args[0]), try strings(args[1]), deletes: try strings(args[2]))
            return ctx.undefined
        }
        define("storageDelete", 1) { ctx, _, args in
            ctx.number(try writes.delete(try strings(args[0])))
        }
        // storageList(prefix, start, startAfter, end, limit, reverse) → [key, text, key, text, ...]
        define("storageList", 6) { ctx, _, args in
            let options = DurableObjectListOptions(
                start: try optionalString(args[1]), startAfter: try optionalString(args[2]),
                end: try optionalString(args[3]), prefix: try optionalString(args[0]),
                reverse: args[5].toBool(), limit: args[4].isNullish ? nil : Int(try args[4].toDouble()))
            try writes.flush()
            return try ctx.array(try storage.list(options).flatMap { [ctx.string($0.key), ctx.string($0.text)] })
        }
        define("storageDeleteAll", 0) { ctx, _, _ in
            try writes.flush()
            try storage.storage.deleteAll()
            return ctx.undefined
        }
        define("getAlarm", 0) { ctx, _, _ in
            guard let time = try storage.storage.getAlarm() else { return ctx.null }
            return ctx.number((time.timeIntervalSince1970 * 1000).rounded())
        }
        define("setAlarm", 1) { ctx, _, args in
            try writes.flush()
            try storage.storage.setAlarm(Date(timeIntervalSince1970: try args[0].toDouble() / 1000))
            return ctx.undefined
        }
        define("deleteAlarm", 0) { ctx, _, _ in
            try writes.flush()
            try storage.storage.deleteAlarm()
            return ctx.undefined
        }
        define("closeInputGate", 0) { ctx, _, _ in
            gate?.close()
            return ctx.undefined
        }
        define("openInputGate", 0) { ctx, _, _ in
            gate?.open()
            return ctx.undefined
        }
    }
}
