// Source of the `cloudflare:workers` built-in module: base classes whose constructors keep `ctx` and `env`,
// as workerd's do, and the `env` of the Worker.
const workers = globalThis[Symbol.for("kiln.workers")];
export class DurableObject {
  constructor(ctx, env) { this.ctx = ctx; this.env = env; }
}
export class WorkerEntrypoint {
  constructor(ctx, env) { this.ctx = ctx; this.env = env; }
}
export class RpcTarget {}
export const env = workers.env;
