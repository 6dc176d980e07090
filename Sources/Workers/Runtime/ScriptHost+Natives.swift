import Foundation
import JavaScript

extension ScriptHost {
    /// `native.head/respond/chunk/room/end/fail`: where `workers.dispatch` writes the Response. In an object,
    /// each waits for pending storage writes to commit (the output gate); a failed commit fails the response
    /// instead. `native.requestBodyRead`: where it reads a streamed request body from.
    func installResponseNatives(_ native: JSValue, _ ctx: JSContext) {
        let sinks = self.sinks
        func sinkID(_ value: JSValue) throws -> Int { Int(try value.toDouble()) }
        try? native.set("head", ctx.function("head", length: 3) { [unowned self] ctx, _, args in
            let id = try sinkID(args[0])
            guard releaseOutput(id) else { return ctx.undefined }
            let headers = HeaderBlock.split(try args[2].toString())
            sinks.writeHead(id, (Int(try args[1].toDouble()), headers))
            return ctx.undefined
        })
        // The whole response in one call, for a body that is complete: head, bytes and end.
        try? native.set("respond", ctx.function("respond", length: 4) { [unowned self] ctx, _, args in
            let id = try sinkID(args[0])
            guard releaseOutput(id) else { return ctx.undefined }
            sinks.writeWhole(id, (Int(try args[1].toDouble()), HeaderBlock.split(try args[2].toString())), try args[3].bytes())
            return ctx.undefined
        })
        // chunk(sink, bytes) → "more" | "wait" (await room(sink) first) | "closed" (the client is gone)
        try? native.set("chunk", ctx.function("chunk", length: 2) { [unowned self] ctx, _, args in
            let id = try sinkID(args[0])
            guard releaseOutput(id) else { return ctx.string("closed") }
            switch sinks.writeChunk(id, try args[1].bytes()) {
            case .accepted: return ctx.string("more")
            case .full: return ctx.string("wait")
            case .closed: return ctx.string("closed")
            }
        })
        // room(sink) → promise of true when the client has taken enough, false when it went away
        try? native.set("room", ctx.function("room", length: 1) { ctx, _, args in
            let id = try sinkID(args[0])
            return try ctx.promise({ await sinks.room(id) }, then: { ctx, more in ctx.bool(more) })
        })
        // requestBodyRead(sink) → promise of the next chunk of the streamed request body, null at its end
        try? native.set("requestBodyRead", ctx.function("requestBodyRead", length: 1) { ctx, _, args in
            guard let body = sinks.requestBody(try sinkID(args[0])) else { throw WorkerRequestBody.closedError }
            return try ctx.promise({ try await body.next() }, then: { ctx, chunk in
                try chunk.map { try ExternalMemoryHint.uint8Array($0, in: ctx) } ?? ctx.null
            })
        })
        try? native.set("end", ctx.function("end", length: 1) { [unowned self] ctx, _, args in
            let id = try sinkID(args[0])
            guard releaseOutput(id) else { return ctx.undefined }
            sinks.end(id)
            return ctx.undefined
        })
        try? native.set("fail", ctx.function("fail", length: 2) { [unowned self] ctx, _, args in
            let id = try sinkID(args[0])
            guard releaseOutput(id) else { return ctx.undefined }
            let error = args[1]
            sinks.fail(id, ScriptFailure(
                name: (try? error["name"].toString()) ?? "Error", message: (try? error["message"].toString()) ?? "",
                stack: (try? error["stack"].toString()) ?? ""))
            return ctx.undefined
        })
    }

    /// `native.idFromName/newUniqueId/idFromString/objectFetch/objectCall`: Durable Object namespaces.
    func installNamespaceNatives(_ native: JSValue, _ ctx: JSContext) {
        let generation = self.generation
        // A call from one object to another is output too: the caller's pending writes commit first.
        let outputGate = self.outputGate
        func namespace(_ value: JSValue) throws -> DurableObjectNamespaceHost {
            let binding = try value.toString()
            guard let namespace = generation.namespaces[binding] else {
                throw JSError.typeError("\(binding) is not a Durable Object namespace binding")
            }
            return namespace
        }
        func id(_ args: JSArguments, in namespace: DurableObjectNamespaceHost) throws -> DurableObjectId {
            let parsed = try namespace.ids.idFromString(try args[1].toString())
            return DurableObjectId(bytes: parsed.bytes, name: args[2].isNullish ? nil : try args[2].toString())
        }
        try? native.set("idFromName", ctx.function("idFromName", length: 2) { ctx, _, args in
            ctx.string(try namespace(args[0]).ids.idFromName(try args[1].toString()).hex)
        })
        try? native.set("newUniqueId", ctx.function("newUniqueId", length: 1) { ctx, _, args in
            ctx.string(try namespace(args[0]).ids.newUniqueId().hex)
        })
        try? native.set("idFromString", ctx.function("idFromString", length: 2) { ctx, _, args in
            do {
                return ctx.string(try namespace(args[0]).ids.idFromString(try args[1].toString()).hex)
            } catch let error as DurableObjectIdFactory.ParseError {
                throw JSError.typeError(error.description)
            }
        })
        // objectFetch(binding, idHex, idName, method, url, headerBlock, body) → [status, headerBlock, bytes]
        try? native.set("objectFetch", ctx.function("objectFetch", length: 7) { ctx, _, args in
            try outputGate?.flush()
            let ns = try namespace(args[0])
            let objectID = try id(args, in: ns)
            let request = WorkerRequest(method: try args[3].toString(), url: try args[4].toString(),
                                        headers: HeaderBlock.split(try args[5].toString()),
                                        body: args[6].isNullish ? [] : try args[6].bytes())
            // Settled from the object's thread by one task on this isolate: no Swift task in between.
            let (promise, resolver) = try ctx.makePromise()
            let isolate = ctx.isolate
            ns.fetch(objectID, request) { result in
                isolate.enqueue { ctx in
                    resolver.settle(result.flatMap { reply in
                        Result {
                            try ctx.array([
                                ctx.number(reply.status),
                                ctx.string(HeaderBlock.join(reply.headers)),
                                ctx.uint8Array(reply.body),
                            ])
                        }
                    })
                }
            }
            return promise
        })
        // objectCall(binding, idHex, idName, method, argsText) → result text
        try? native.set("objectCall", ctx.function("objectCall", length: 5) { ctx, _, args in
            try outputGate?.flush()
            let ns = try namespace(args[0])
            let objectID = try id(args, in: ns)
            let method = try args[3].toString()
            let arguments = try args[4].toString()
            return try ctx.promise({ try await ns.call(objectID, method: method, argumentsText: arguments) },
                                   then: { ctx, text in text.map(ctx.string) ?? ctx.undefined })
        })
    }
}
