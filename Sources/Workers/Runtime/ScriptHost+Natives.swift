import Foundation
import JavaScript

extension ScriptHost {
    /// `native.head/chunk/room/end/fail`: where `workers.dispatch` writes the Response;
    /// `native.requestBodyRead`: where it reads a streamed request body from.
    func installResponseNatives(_ native: JSValue, _ ctx: JSContext) {
        let sinks = self.sinks
        func sinkID(_ value: JSValue) throws -> Int { Int(try value.toDouble()) }
        try? native.set("head", ctx.function("head", length: 3) { ctx, _, args in
            let flat = try args[2].toArray().map { try $0.toString() }
            var headers: [(name: String, value: String)] = []
            for i in stride(from: 0, to: flat.count - 1, by: 2) { headers.append((flat[i], flat[i + 1])) }
            sinks.writeHead(try sinkID(args[0]), (Int(try args[1].toDouble()), headers))
            return ctx.undefined
        })
        // chunk(sink, bytes) → "more" | "wait" (await room(sink) first) | "closed" (the client is gone)
        try? native.set("chunk", ctx.function("chunk", length: 2) { ctx, _, args in
            switch sinks.writeChunk(try sinkID(args[0]), try args[1].bytes()) {
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
        try? native.set("end", ctx.function("end", length: 1) { ctx, _, args in
            sinks.end(try sinkID(args[0]))
            return ctx.undefined
        })
        try? native.set("fail", ctx.function("fail", length: 2) { ctx, _, args in
            let error = args[1]
            sinks.fail(try sinkID(args[0]), ScriptFailure(
                name: (try? error["name"].toString()) ?? "Error", message: (try? error["message"].toString()) ?? "",
                stack: (try? error["stack"].toString()) ?? ""))
            return ctx.undefined
        })
    }

    /// `native.idFromName/newUniqueId/idFromString/objectFetch/objectCall`: Durable Object namespaces.
    func installNamespaceNatives(_ native: JSValue, _ ctx: JSContext) {
        let generation = self.generation
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
        // objectFetch(binding, idHex, idName, method, url, flatHeaders, body) → [status, flatHeaders, bytes]
        try? native.set("objectFetch", ctx.function("objectFetch", length: 7) { ctx, _, args in
            let ns = try namespace(args[0])
            let objectID = try id(args, in: ns)
            let flat = try args[5].toArray().map { try $0.toString() }
            var headers: [(name: String, value: String)] = []
            for i in stride(from: 0, to: flat.count - 1, by: 2) { headers.append((flat[i], flat[i + 1])) }
            let request = WorkerRequest(method: try args[3].toString(), url: try args[4].toString(), headers: headers,
                                        body: args[6].isNullish ? [] : try args[6].bytes())
            return try ctx.promise({ try await ns.fetch(objectID, request) }, then: { ctx, reply in
                try ctx.array([
                    ctx.number(reply.status),
                    ctx.array(reply.headers.flatMap { [ctx.string($0.name), ctx.string($0.value)] }),
                    ctx.uint8Array(reply.body),
                ])
            })
        })
        // objectCall(binding, idHex, idName, method, argsText) → result text
        try? native.set("objectCall", ctx.function("objectCall", length: 5) { ctx, _, args in
            let ns = try namespace(args[0])
            let objectID = try id(args, in: ns)
            let method = try args[3].toString()
            let arguments = try args[4].toString()
            return try ctx.promise({ try await ns.call(objectID, method: method, argumentsText: arguments) },
                                   then: { ctx, text in text.map(ctx.string) ?? ctx.undefined })
        })
    }
}
