// The navigator.gpu test suite. Each test runs inside its own Durable Object (named after the test), reached
// over real HTTP: GET /run/<test> answers "ok" or the failure with its stack. GET /list names the tests;
// /busy, /ping and /trip (load.js) serve the concurrency and leak tests.
import { DurableObject } from "cloudflare:workers";
import { tests } from "./tests.js";
import { busy, roundTrip } from "./load.js";

export class GPUTests extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const [, action, name] = url.pathname.split("/");
    if (action === "busy") return new Response(await busy(Number(url.searchParams.get("rounds"))));
    if (action === "ping") return new Response("pong");
    if (action === "trip") return new Response(await roundTrip(this.state ??= {}, url.searchParams.has("fresh")));
    const test = tests[name];
    if (!test) return new Response(`no test named ${name}`, { status: 404 });
    try {
      await test();
      return new Response("ok");
    } catch (error) {
      return new Response(`${error?.name}: ${error?.message}\n${error?.stack ?? ""}`, { status: 500 });
    }
  }
}

export default {
  async fetch(request, env) {
    const [, action, name] = new URL(request.url).pathname.split("/");
    if (action === "list") return Response.json(Object.keys(tests));
    return env.GPU_TESTS.get(env.GPU_TESTS.idFromName(name)).fetch(request);
  },
};
