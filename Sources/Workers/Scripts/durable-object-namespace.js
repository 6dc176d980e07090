// `env.NS` for a Durable Object binding: ids, stubs, and the calls that cross into the object's isolate.
// Ids are made and checked in Swift (DurableObjectIdFactory) so every isolate agrees on them.
const { native, workers } = kiln;

class DurableObjectId {
  #hex;
  #name;
  constructor(hex, name) { this.#hex = hex; this.#name = name; }
  toString() { return this.#hex; }
  toJSON() { return this.#hex; }
  equals(other) { return other instanceof DurableObjectId && other.#hex === this.#hex; }
  get name() { return this.#name; }
}
workers.DurableObjectId = DurableObjectId;

class DurableObjectNamespace {
  #binding;
  constructor(binding) { this.#binding = binding; }
  idFromName(name) {
    name = String(name);
    return new DurableObjectId(native.idFromName(this.#binding, name), name);
  }
  newUniqueId(options) { return new DurableObjectId(native.newUniqueId(this.#binding), undefined); }
  idFromString(text) { return new DurableObjectId(native.idFromString(this.#binding, String(text)), undefined); }
  get(id, options) {
    if (!(id instanceof DurableObjectId)) throw new TypeError("get() needs a DurableObjectId from this namespace");
    return makeStub(this.#binding, id);
  }
  getByName(name, options) { return this.get(this.idFromName(name), options); }
  jurisdiction(name) { return this; }
}
workers.DurableObjectNamespace = DurableObjectNamespace;

class DurableObjectStub {
  #binding;
  #id;
  constructor(binding, id) { this.#binding = binding; this.#id = id; }
  get id() { return this.#id; }
  get name() { return this.#id.name; }

  async fetch(input, init) {
    const request = new Request(input, init);
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    const [status, responseHeaders, responseBody] = await native.objectFetch(
      this.#binding, this.#id.toString(), this.#id.name ?? null, request.method, request.url,
      workers.headerBlock(request.headers), body);
    const nullBody = status === 101 || status === 204 || status === 205 || status === 304;
    return new Response(nullBody ? null : responseBody, { status, headers: workers.headerList(responseHeaders) });
  }

  /// RPC: any other method name is a call on the object, arguments and result copied by value.
  call(method, args) {
    return native.objectCall(this.#binding, this.#id.toString(), this.#id.name ?? null, method,
      workers.serialize(args)).then((text) => workers.deserialize(text));
  }
}

const stubMethods = new Set(["fetch", "id", "name", "call", "then", "constructor"]);

function makeStub(binding, id) {
  const stub = new DurableObjectStub(binding, id);
  return new Proxy(stub, {
    get(target, property) {
      if (typeof property === "symbol" || stubMethods.has(property)) {
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (...args) => target.call(property, args);
    },
  });
}

/// Builds `env` from the binding description Swift sends as JSON.
workers.makeEnv = function makeEnv(spec) {
  const env = {};
  for (const [name, value] of spec.vars) env[name] = value;
  for (const binding of spec.durableObjects) env[binding] = new DurableObjectNamespace(binding);
  for (const binding of spec.r2Buckets) {
    // The R2 API comes from a binding provider (Sources/Workers/Bindings/R2); without one the binding is absent.
    if (typeof workers.makeR2Bucket === "function") env[binding] = workers.makeR2Bucket(binding);
    else console.warn(`R2 binding ${binding} is not available: no R2 binding provider is registered`);
  }
  return Object.freeze(env);
};
