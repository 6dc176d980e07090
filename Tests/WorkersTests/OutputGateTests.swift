import Foundation
import Testing
@testable import Storage
@testable import Workers

/// The output gate over Durable Object storage: a response leaves only after the writes before it are on
/// disk, writes of one turn commit together, and a commit that fails resets the object.
@Suite struct OutputGateTests {
    static let toml = """
        name = "gates"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [[durable_objects.bindings]]
        name = "BOX"
        class_name = "Box"
        """

    static let js = """
        import { DurableObject } from "cloudflare:workers";

        export class Box extends DurableObject {
          constructor(ctx, env) { super(ctx, env); this.instance = crypto.randomUUID(); }
          async fetch(request) {
            const path = new URL(request.url).pathname;
            const storage = this.ctx.storage;
            // No awaits: the response is sent while the writes are still only in the batch.
            if (path === "/write") { storage.put("a", 1); storage.put("b", 2); storage.delete("gone"); return new Response("ok"); }
            if (path === "/poison") { storage.put("a", 99); storage.put("poison", true); return new Response("never seen"); }
            if (path === "/seed") { await storage.put("gone", "x"); return new Response("seeded"); }
            if (path === "/pending") {
              storage.put("p", 7);
              const [p, many] = [await storage.get("p"), await storage.get(["p", "a"])];
              const deleted = await storage.delete(["p", "p", "nothing"]);
              return Response.json({ p, many: Object.fromEntries(many), deleted, after: (await storage.get("p")) ?? null });
            }
            return Response.json({ a: (await storage.get("a")) ?? null, b: (await storage.get("b")) ?? null,
                                   gone: (await storage.get("gone")) ?? null, instance: this.instance });
          }
        }

        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            const id = env.BOX.idFromName("box");
            if (url.pathname === "/id") return new Response(id.toString());
            try {
              return await env.BOX.get(id).fetch("http://box" + url.pathname);
            } catch (error) {
              return new Response("caught: " + error.message, { status: 502 });
            }
          },
        };
        """

    static func json(_ reply: HTTPClient.Reply) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any]) ?? [:]
    }

    static func database(_ h: RuntimeHarness) async throws -> SQLiteDatabase {
        let id = try await h.get("/id").text
        return try SQLiteDatabase(path: h.root + "/.kiln/state/do/Box/\(id).sqlite")
    }

    static func keys(_ db: SQLiteDatabase) throws -> [String] {
        let statement = try db.prepare("SELECT key FROM kv ORDER BY key")
        var keys: [String] = []
        while try statement.step() { keys.append(String(decoding: statement.blob(0), as: UTF8.self)) }
        return keys
    }

    @Test func responsesWaitForTheirWritesAndReadsSeePendingOnes() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            #expect(try await h.get("/seed").text == "seeded")
            #expect(try await h.get("/write").text == "ok")
            // The reply has arrived, so the un-awaited writes before it must already be committed.
            #expect(try Self.keys(try await Self.database(h)) == ["a", "b"])

            let pending = Self.json(try await h.get("/pending"))
            #expect(pending["p"] as? Int == 7)
            #expect((pending["many"] as? [String: Int]) == ["p": 7, "a": 1])
            #expect(pending["deleted"] as? Int == 1)
            #expect(pending["after"] is NSNull)
        }
    }

    @Test func aFailedCommitResetsTheObjectAndKeepsTheBatchAtomic() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            #expect(try await h.get("/write").text == "ok")
            let before = Self.json(try await h.get("/read"))
            #expect(before["a"] as? Int == 1)
            // A real SQLite failure for one key: the trigger aborts any insert of "poison".
            try await Self.database(h).execute("""
                CREATE TRIGGER poison BEFORE INSERT ON kv WHEN NEW.key = CAST('poison' AS BLOB)
                BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END;
                """)
            let failed = try await h.get("/poison")
            #expect(failed.status == 502)
            #expect(failed.text.hasPrefix("caught: Durable Object storage write failed, so the object was reset"))
            #expect(failed.text.contains("the disk refused the write"))
            #expect(!failed.text.contains("never seen"))

            let after = Self.json(try await h.get("/read"))
            #expect(after["a"] as? Int == 1)  // the batch's other write was not applied either
            #expect(after["instance"] as? String != before["instance"] as? String)  // a fresh instance
            #expect(h.logs.all.contains { $0.contains("Box") && $0.contains("the object was reset") })
        }
    }
}
