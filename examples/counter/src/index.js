// A counter per name, kept in Durable Object storage: GET /<name> reads it, POST /<name> adds one.
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  async fetch(request) {
    let count = (await this.ctx.storage.get("count")) ?? 0;
    if (request.method === "POST") {
      count += 1;
      await this.ctx.storage.put("count", count);
    }
    return new Response(String(count));
  }
}

export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname.slice(1) || "default";
    return env.COUNTER.get(env.COUNTER.idFromName(name)).fetch(request);
  },
};
