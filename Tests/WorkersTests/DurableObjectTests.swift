import Foundation
import Testing
@testable import Workers

/// Durable Objects end to end: stubs, storage, the input gate, alarms, RPC and restarts.
@Suite struct DurableObjectTests {
    static let toml = """
        name = "objects"
        main = "index.js"
        compatibility_date = "2024-09-23"
        [[durable_objects.bindings]]
        name = "COUNTER"
        class_name = "Counter"
        [[migrations]]
        tag = "v1"
        new_classes = ["Counter"]
        """

    static let js = """
        import { DurableObject } from "cloudflare:workers";

        export class Counter extends DurableObject {
          constructor(ctx, env) {
            super(ctx, env);
            if (ctx.id.name === "broken") { console.log("constructing broken"); throw new Error("no good"); }
            this.requests = 0;
          }
          async fetch(request) {
            this.requests += 1;
            const url = new URL(request.url);
            if (url.pathname === "/alarm") {
              await this.ctx.storage.setAlarm(Date.now() + 50);
              return new Response("set");
            }
            if (url.pathname === "/values") {
              const value = { n: -0, big: 12n, when: new Date(5), map: new Map([[1, "a"]]),
                              bytes: new Uint16Array([1, 65535]), halves: new Float16Array([1.5, -0.25]),
                              set: new Set(["x"]), nested: [undefined, null] };
              value.self = value;
              await this.ctx.storage.put("value", value);
              const back = await this.ctx.storage.get("value");
              return Response.json({
                negativeZero: Object.is(back.n, -0), big: back.big === 12n, when: back.when.getTime(),
                map: back.map.get(1), bytes: Array.from(back.bytes), set: back.set.has("x"),
                halves: back.halves instanceof Float16Array ? Array.from(back.halves) : String(back.halves),
                nested: back.nested.length, cycle: back.self === back,
              });
            }
            let count = (await this.ctx.storage.get("count")) ?? 0;
            if (request.method === "POST") {
              count += 1;
              await this.ctx.storage.put("count", count);
            }
            return new Response(JSON.stringify({ count, requests: this.requests, fired: await this.ctx.storage.get("fired") ?? 0 }));
          }
          async alarm() {
            await this.ctx.storage.put("fired", ((await this.ctx.storage.get("fired")) ?? 0) + 1);
          }
          async add(a, b) { return { sum: a + b, id: this.ctx.id.toString() }; }
        }

        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            const [, name, rest = ""] = url.pathname.split("/");
            if (name === "rpc") {
              const stub = env.COUNTER.getByName("rpc");
              return Response.json(await stub.add(2, 3));
            }
            if (name === "ids") {
              const a = env.COUNTER.idFromName("x");
              const again = env.COUNTER.idFromString(a.toString());
              let bad = "";
              try { env.COUNTER.idFromString("abc"); } catch (e) { bad = e.name; }
              return Response.json({ hex: a.toString(), equal: a.equals(again), name: a.name, bad,
                                     unique: env.COUNTER.newUniqueId().toString().length });
            }
            const stub = env.COUNTER.get(env.COUNTER.idFromName(name));
            try {
              return await stub.fetch("http://object/" + rest, { method: request.method });
            } catch (error) {
              return new Response("caught: " + error.message, { status: 502 });
            }
          }
        };
        """

    static func count(_ reply: HTTPClient.Reply) -> Int {
        ((try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any])?["count"] as? Int ?? -1
    }

    @Test func parallelIncrementsAddUpAndObjectsAreIsolated() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 { group.addTask { try await h.post("/apples").status } }
                for _ in 0..<7 { group.addTask { try await h.post("/pears").status } }
                for try await status in group { #expect(status == 200) }
            }
            #expect(try await Self.count(h.get("/apples")) == 100)
            #expect(try await Self.count(h.get("/pears")) == 7)
            #expect(try await Self.count(h.get("/plums")) == 0)
            // One live instance per id: its in-memory state saw every request.
            let state = try JSONSerialization.jsonObject(with: Data(try await h.get("/pears").body)) as? [String: Any]
            #expect(state?["requests"] as? Int == 9)
        }
    }

    @Test func countsSurviveARestart() async throws {
        let root = try TemporaryProject.make(files: ["wrangler.toml": Self.toml, "index.js": Self.js])
        try await RuntimeHarness.with(files: [:], root: root) { h in
            for _ in 0..<3 { _ = try await h.post("/kept") }
        }
        try await RuntimeHarness.with(files: [:], root: root) { h in
            let count = try await Self.count(h.get("/kept"))
            #expect(count == 3)
        }
        #expect(FileManager.default.fileExists(atPath: root + "/.kiln/state/do/Counter"))
    }

    @Test func noPersistKeepsNothingOnDisk() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js], persist: false) { h in
            _ = try await h.post("/mem")
            #expect(try await Self.count(h.get("/mem")) == 1)
            #expect(!FileManager.default.fileExists(atPath: h.root + "/.kiln"))
        }
    }

    @Test func alarmsFireAlarmHandler() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            #expect(try await h.get("/timer/alarm").text == "set")
            var fired = 0
            for _ in 0..<100 where fired == 0 {
                try await Task.sleep(for: .milliseconds(30))
                let state = try JSONSerialization.jsonObject(with: Data(try await h.get("/timer").body)) as? [String: Any]
                fired = state?["fired"] as? Int ?? 0
            }
            #expect(fired == 1)
        }
    }

    @Test func idsRpcValuesAndFailingConstructors() async throws {
        try await RuntimeHarness.with(files: ["wrangler.toml": Self.toml, "index.js": Self.js]) { h in
            let ids = try JSONSerialization.jsonObject(with: Data(try await h.get("/ids").body)) as? [String: Any]
            #expect((ids?["hex"] as? String)?.count == 64)
            #expect(ids?["equal"] as? Bool == true)
            #expect(ids?["name"] as? String == "x")
            #expect(ids?["bad"] as? String == "TypeError")
            #expect(ids?["unique"] as? Int == 64)

            let rpc = try JSONSerialization.jsonObject(with: Data(try await h.get("/rpc").body)) as? [String: Any]
            #expect(rpc?["sum"] as? Int == 5)

            let values = try JSONSerialization.jsonObject(with: Data(try await h.get("/v/values").body)) as? [String: Any]
            #expect(values?["negativeZero"] as? Bool == true)
            #expect(values?["big"] as? Bool == true)
            #expect(values?["when"] as? Int == 5)
            #expect(values?["map"] as? String == "a")
            #expect(values?["bytes"] as? [Int] == [1, 65535])
            #expect(values?["halves"] as? [Double] == [1.5, -0.25], "\(values?["halves"] ?? "")")
            #expect(values?["set"] as? Bool == true)
            #expect(values?["cycle"] as? Bool == true)

            let first = try await h.get("/broken")
            #expect(first.status == 502)
            #expect(first.text == "caught: no good")
            _ = try await h.get("/broken")
            // Construction is retried on the next call rather than remembered as broken.
            #expect(h.logs.all.filter { $0.contains("constructing broken") }.count == 2)
        }
    }
}
