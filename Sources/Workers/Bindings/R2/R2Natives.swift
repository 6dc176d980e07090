import Foundation
import JavaScript
import Storage

/// The natives behind the JS R2 API (`Scripts/r2-bucket.js`). Each storage call runs as a Swift task off
/// the isolate thread and settles a promise, so a large read or write never stalls the isolate.
/// Arguments arrive validated and normalized by the glue; options travel as JSON text.
struct R2Natives {
    /// Binding name → bucket; opened on first use so a bad bucket name fails the call that needs it.
    let resolveBucket: @Sendable (String) throws -> R2Bucket
    let bodies = R2BodyTable()
    let streamedUploads = R2StreamedUploads()

    func install(on native: JSValue, _ ctx: JSContext) throws {
        let bodies = self.bodies, streamedUploads = self.streamedUploads
        let resolveBucket = self.resolveBucket
        func define(_ name: String, _ length: Int, _ body: @escaping (JSContext, JSArguments) throws -> JSValue) throws {
            try native.set(name, ctx.function(name, length: length) { ctx, _, args in try body(ctx, args) })
        }
        /// A promise for `work` on bucket `args[0]`; storage errors become the JS errors workerd throws.
        func onBucket<T>(_ ctx: JSContext, _ binding: JSValue, _ work: @escaping @Sendable (R2Bucket) throws -> T,
                      then convert: @escaping (JSContext, T) throws -> JSValue) throws -> JSValue {
            let name = try binding.toString()
            return try ctx.promise({
                do { return try work(try resolveBucket(name)) } catch { throw R2BindingError.js(error) }
            }, then: convert)
        }
        func objectOrNull(_ ctx: JSContext, _ object: R2Object?) throws -> JSValue {
            try object.map { ctx.string(try R2ObjectJSON.text($0)) } ?? ctx.null
        }

        // head(binding, key) → object JSON | null
        try define("head", 2) { ctx, args in
            let key = try args[1].toString()
            return try onBucket(ctx, args[0], { try $0.head(key) }, then: objectOrNull)
        }
        // get(binding, key, optionsJSON) → [object JSON, body id (0: precondition failed)] | null
        try define("get", 3) { ctx, args in
            let key = try args[1].toString()
            let options = try decodeR2Options(R2GetOptionsJSON.self, try args[2].toString())
            return try onBucket(ctx, args[0], { bucket -> (String, Int)? in
                guard let result = try bucket.get(key, range: options.storageRange, onlyIf: options.onlyIf?.conditional) else { return nil }
                switch result {
                case .body(let body): return (try R2ObjectJSON.text(body.object), bodies.add(body))
                case .preconditionFailed(let object): return (try R2ObjectJSON.text(object), 0)
                }
            }, then: { ctx, result in
                guard let (json, id) = result else { return ctx.null }
                return try ctx.array([ctx.string(json), ctx.number(id)])
            })
        }
        // read(bodyID) → next chunk (Uint8Array, up to 4 MiB: fewer hops per object) | null at the end (the body is then closed)
        try define("read", 1) { ctx, args in
            let id = try Int(args[0].toDouble())
            let body = try bodies.body(id)
            return try ctx.promise({
                let chunk = try body.read(maxLength: 4 << 20)
                if chunk == nil { bodies.close(id) }
                return chunk
            }, then: { ctx, chunk in try chunk.map { try ExternalMemoryHint.uint8Array($0, in: ctx) } ?? ctx.null })
        }
        // readAll(bodyID) → every remaining byte (Uint8Array); closes the body
        try define("readAll", 1) { ctx, args in
            let id = try Int(args[0].toDouble())
            let body = try bodies.body(id)
            return try ctx.promise({
                defer { bodies.close(id) }
                return try body.readAll()
            }, then: { ctx, bytes in try ExternalMemoryHint.uint8Array(bytes, in: ctx) })
        }
        try define("close", 1) { ctx, args in
            bodies.close(try Int(args[0].toDouble()))
            return ctx.undefined
        }
        // put(binding, key, bytes, optionsJSON) → object JSON | null (onlyIf failed)
        try define("put", 4) { ctx, args in
            let key = try args[1].toString()
            let bytes = try args[2].bytes()
            let options = try decodeR2Options(R2PutOptionsJSON.self, try args[3].toString()).options()
            return try onBucket(ctx, args[0], { try $0.put(key, bytes: bytes, options: options) }, then: objectOrNull)
        }
        // putStreamBegin(binding, key, optionsJSON) / partStreamBegin(binding, key, uploadId, partNumber) → upload id;
        // uploadStreamChunk(id, bytes) → "more" | "wait" (await uploadStreamRoom(id) first) | "closed" (stop
        // reading: the writer has finished early); uploadStreamEnd(id, failure | null) → object JSON | null, or etag
        try define("putStreamBegin", 3) { ctx, args in
            let bucket = try resolveBucket(try args[0].toString())
            let key = try args[1].toString()
            let options = try decodeR2Options(R2PutOptionsJSON.self, try args[2].toString()).options()
            return ctx.number(streamedUploads.begin { chunks in
                try await bucket.put(key, chunks: chunks, options: options).map(R2ObjectJSON.text)
            })
        }
        try define("partStreamBegin", 4) { ctx, args in
            let bucket = try resolveBucket(try args[0].toString())
            let key = try args[1].toString(), uploadId = try args[2].toString()
            let partNumber = try Int(args[3].toDouble())
            return ctx.number(streamedUploads.begin { chunks in
                try await bucket.resumeMultipartUpload(key, uploadId: uploadId).uploadPart(partNumber, chunks: chunks).etag
            })
        }
        try define("uploadStreamChunk", 2) { ctx, args in
            switch try streamedUploads.send(try Int(args[0].toDouble()), try args[1].bytes()) {
            case .accepted: return ctx.string("more")
            case .full: return ctx.string("wait")
            case .closed: return ctx.string("closed")
            }
        }
        try define("uploadStreamRoom", 1) { ctx, args in
            let id = try Int(args[0].toDouble())
            return try ctx.promise({ try await streamedUploads.room(id) }, then: { ctx, more in ctx.bool(more) })
        }
        try define("uploadStreamEnd", 2) { ctx, args in
            let id = try Int(args[0].toDouble())
            let failure = args[1].isNullish ? nil : try args[1].toString()
            return try ctx.promise({
                do { return try await streamedUploads.finish(id, failure: failure) } catch { throw R2BindingError.js(error) }
            }, then: { ctx, text in text.map(ctx.string) ?? ctx.null })
        }
        // delete(binding, keys)
        try define("delete", 2) { ctx, args in
            let keys = try args[1].toArray().map { try $0.toString() }
            return try onBucket(ctx, args[0], { try $0.delete(keys) }, then: { ctx, _ in ctx.undefined })
        }
        // list(binding, optionsJSON) → {objects: [object JSON], truncated, cursor, delimitedPrefixes} as JSON
        try define("list", 2) { ctx, args in
            let options = try decodeR2Options(R2ListOptionsJSON.self, try args[1].toString()).options
            return try onBucket(ctx, args[0], { bucket -> String in
                let result = try bucket.list(options)
                let listing = R2ListingJSON(objects: result.objects.map(R2ObjectJSON.init), truncated: result.truncated,
                                            cursor: result.cursor, delimitedPrefixes: result.delimitedPrefixes)
                return String(decoding: try JSONEncoder().encode(listing), as: UTF8.self)
            }, then: { ctx, json in ctx.string(json) })
        }
        // createMultipartUpload(binding, key, optionsJSON) → upload id
        try define("createMultipartUpload", 3) { ctx, args in
            let key = try args[1].toString()
            let options = try decodeR2Options(R2PutOptionsJSON.self, try args[2].toString()).multipartOptions
            return try onBucket(ctx, args[0], { try $0.createMultipartUpload(key, options: options).uploadId },
                             then: { ctx, id in ctx.string(id) })
        }
        // uploadPart(binding, key, uploadId, partNumber, bytes) → etag
        try define("uploadPart", 5) { ctx, args in
            let key = try args[1].toString(), uploadId = try args[2].toString()
            let partNumber = try Int(args[3].toDouble())
            let bytes = try args[4].bytes()
            return try onBucket(ctx, args[0], { bucket in
                try bucket.resumeMultipartUpload(key, uploadId: uploadId).uploadPart(partNumber, bytes: bytes).etag
            }, then: { ctx, etag in ctx.string(etag) })
        }
        // completeMultipartUpload(binding, key, uploadId, [partNumber, etag, ...]) → object JSON
        try define("completeMultipartUpload", 4) { ctx, args in
            let key = try args[1].toString(), uploadId = try args[2].toString()
            let flat = try args[3].toArray()
            let parts = try stride(from: 0, to: flat.count - 1, by: 2).map { index in
                R2UploadedPart(partNumber: try Int(flat[index].toDouble()), etag: try flat[index + 1].toString())
            }
            return try onBucket(ctx, args[0], { try $0.resumeMultipartUpload(key, uploadId: uploadId).complete(parts) },
                             then: objectOrNull)
        }
        // abortMultipartUpload(binding, key, uploadId)
        try define("abortMultipartUpload", 3) { ctx, args in
            let key = try args[1].toString(), uploadId = try args[2].toString()
            return try onBucket(ctx, args[0], { try $0.resumeMultipartUpload(key, uploadId: uploadId).abort() },
                             then: { ctx, _ in ctx.undefined })
        }
    }
}

private struct R2ListingJSON: Encodable {
    var objects: [R2ObjectJSON]
    var truncated: Bool
    var cursor: String?
    var delimitedPrefixes: [String]
}
