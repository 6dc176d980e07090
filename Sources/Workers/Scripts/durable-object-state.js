// `state` / `ctx` of a Durable Object: its id, its storage and blockConcurrencyWhile. Storage calls run
// synchronously on this isolate's thread (reads see the object's pending writes; writes join a batch that
// the output gate commits before anything leaves the object), so each operation has finished before any
// other event can run; the promises they return are already settled, which is what keeps a
// read-modify-write over `await storage.get()` / `storage.put()` from interleaving with other requests.
const { native, workers } = kiln;
const { serialize, deserialize } = workers;

const maxKeys = 128;

function checkKey(key) {
  if (typeof key !== "string") throw new TypeError("Durable Object storage keys must be strings");
  return key;
}

function checkKeys(keys) {
  if (keys.length > maxKeys) throw new RangeError(`Maximum number of keys is ${maxKeys}`);
  return keys.map(checkKey);
}

/// Runs a synchronous storage call and reports it as a settled promise, as the async API promises.
function settle(body) {
  try { return Promise.resolve(body()); } catch (error) { return Promise.reject(error); }
}

class DurableObjectStorage {
  get(keyOrKeys, options) {
    return settle(() => {
      if (Array.isArray(keyOrKeys)) {
        const keys = checkKeys(keyOrKeys);
        const texts = native.storageGet(keys);
        const out = new Map();
        keys.forEach((key, i) => { if (texts[i] !== undefined && texts[i] !== null) out.set(key, deserialize(texts[i])); });
        return out;
      }
      const [text] = native.storageGet([checkKey(keyOrKeys)]);
      return text === undefined || text === null ? undefined : deserialize(text);
    });
  }

  put(keyOrEntries, value, options) {
    return settle(() => {
      if (typeof keyOrEntries === "object" && keyOrEntries !== null) {
        const keys = checkKeys(Object.keys(keyOrEntries));
        native.storagePut(keys, keys.map((key) => serialize(keyOrEntries[key])));
        return undefined;
      }
      if (value === undefined) throw new TypeError("put() needs a value; use delete() to remove a key");
      native.storagePut([checkKey(keyOrEntries)], [serialize(value)]);
      return undefined;
    });
  }

  delete(keyOrKeys, options) {
    return settle(() => {
      if (Array.isArray(keyOrKeys)) return native.storageDelete(checkKeys(keyOrKeys));
      return native.storageDelete([checkKey(keyOrKeys)]) > 0;
    });
  }

  list(options = {}) {
    return settle(() => {
      const { prefix = null, start = null, startAfter = null, end = null, limit = null, reverse = false } = options;
      if (limit !== null && (!Number.isInteger(limit) || limit <= 0)) {
        throw new TypeError("list() limit must be a positive integer");
      }
      const flat = native.storageList(prefix, start, startAfter, end, limit, Boolean(reverse));
      const out = new Map();
      for (let i = 0; i < flat.length; i += 2) out.set(flat[i], deserialize(flat[i + 1]));
      return out;
    });
  }

  deleteAll(options) { return settle(() => { native.storageDeleteAll(); }); }

  /// Writes made inside `closure` are kept aside and committed together when it resolves (all or none);
  /// reads inside see them. `txn.rollback()` or a throw discards them.
  async transaction(closure) {
    const txn = new TransactionStorage(this);
    const result = await closure(txn);
    txn.commit();
    return result;
  }

  transactionSync(closure) {
    const txn = new TransactionStorage(this);
    const result = closure(txn);
    if (result && typeof result.then === "function") throw new TypeError("transactionSync() callbacks must not be async");
    txn.commit();
    return result;
  }

  getAlarm(options) { return settle(() => native.getAlarm()); }

  setAlarm(time, options) {
    return settle(() => {
      const ms = time instanceof Date ? time.getTime() : Number(time);
      if (!Number.isFinite(ms)) throw new TypeError("setAlarm() needs a Date or a time in milliseconds");
      native.setAlarm(ms);
    });
  }

  deleteAlarm(options) { return settle(() => { native.deleteAlarm(); }); }
  /// Resolves once every write made so far is committed.
  sync() { return settle(() => { native.releaseOutput(); }); }
}
workers.DurableObjectStorage = DurableObjectStorage;

const deleted = Symbol("deleted");

/// The `txn` of `storage.transaction()`: reads see its own pending writes; `commit()` applies them at once.
class TransactionStorage {
  #base;
  #pending = new Map();
  #rolledBack = false;
  constructor(base) { this.#base = base; }

  get(keyOrKeys) {
    return settle(() => {
      const keys = Array.isArray(keyOrKeys) ? checkKeys(keyOrKeys) : [checkKey(keyOrKeys)];
      const stored = native.storageGet(keys);
      const values = keys.map((key, i) => {
        if (this.#pending.has(key)) return this.#pending.get(key);
        return stored[i] === undefined || stored[i] === null ? deleted : stored[i];
      });
      if (!Array.isArray(keyOrKeys)) return values[0] === deleted ? undefined : deserialize(values[0]);
      const out = new Map();
      keys.forEach((key, i) => { if (values[i] !== deleted) out.set(key, deserialize(values[i])); });
      return out;
    });
  }

  put(keyOrEntries, value) {
    return settle(() => {
      if (typeof keyOrEntries === "object" && keyOrEntries !== null) {
        for (const key of checkKeys(Object.keys(keyOrEntries))) this.#pending.set(key, serialize(keyOrEntries[key]));
        return;
      }
      if (value === undefined) throw new TypeError("put() needs a value; use delete() to remove a key");
      this.#pending.set(checkKey(keyOrEntries), serialize(value));
    });
  }

  delete(keyOrKeys) {
    return settle(() => {
      const keys = Array.isArray(keyOrKeys) ? checkKeys(keyOrKeys) : [checkKey(keyOrKeys)];
      const stored = native.storageGet(keys);
      let count = 0;
      keys.forEach((key, i) => {
        const exists = this.#pending.has(key) ? this.#pending.get(key) !== deleted : stored[i] !== undefined && stored[i] !== null;
        if (exists) count++;
        this.#pending.set(key, deleted);
      });
      return Array.isArray(keyOrKeys) ? count : count > 0;
    });
  }

  async list(options = {}) {
    const { limit = null, reverse = false } = options;
    const merged = await this.#base.list({ ...options, limit: null });
    const inRange = (key) => (options.prefix == null || key.startsWith(options.prefix))
      && (options.start == null || key >= options.start) && (options.startAfter == null || key > options.startAfter)
      && (options.end == null || key < options.end);
    for (const [key, text] of this.#pending) {
      if (!inRange(key)) continue;
      if (text === deleted) merged.delete(key); else merged.set(key, deserialize(text));
    }
    const keys = [...merged.keys()].sort();
    if (reverse) keys.reverse();
    const out = new Map();
    for (const key of keys.slice(0, limit ?? keys.length)) out.set(key, merged.get(key));
    return out;
  }

  rollback() { this.#rolledBack = true; }
  getAlarm(options) { return this.#base.getAlarm(options); }
  setAlarm(time, options) { return this.#base.setAlarm(time, options); }
  deleteAlarm(options) { return this.#base.deleteAlarm(options); }

  commit() {
    if (this.#rolledBack) return;
    const putKeys = [], putTexts = [], deleteKeys = [];
    for (const [key, text] of this.#pending) {
      if (text === deleted) deleteKeys.push(key); else { putKeys.push(key); putTexts.push(text); }
    }
    native.storageApply(putKeys, putTexts, deleteKeys);
  }
}

class DurableObjectState {
  #id;
  #storage;
  constructor(id, storage) { this.#id = id; this.#storage = storage; }
  get id() { return this.#id; }
  get storage() { return this.#storage; }

  /// Holds back other events (requests, alarms) until `callback`'s promise settles.
  async blockConcurrencyWhile(callback) {
    native.closeInputGate();
    try {
      return await callback();
    } finally {
      native.openInputGate();
    }
  }

  waitUntil(promise) { Promise.resolve(promise).catch((error) => console.error("Uncaught (in waitUntil)", error)); }
}
workers.DurableObjectState = DurableObjectState;

/// Output gate for `fetch()` from an object: its pending storage writes commit before the request leaves.
workers.gateFetch = function gateFetch() {
  const fetchOut = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    native.releaseOutput();
    return fetchOut.call(this, input, init);
  };
};

/// Constructs the object: called once per instance by Swift with the class exported under `className`.
workers.constructObject = function constructObject(exports, className, idHex, idName, env) {
  const Class = exports[className];
  if (typeof Class !== "function") {
    throw new TypeError(`The Worker does not export a Durable Object class named "${className}"`);
  }
  const state = new DurableObjectState(new workers.DurableObjectId(idHex, idName ?? undefined), new DurableObjectStorage());
  return { kind: "object", className, instance: new Class(state, env) };
};

/// An RPC call on the object; the arguments and result travel as serialized text.
workers.callObject = async function callObject(target, method, argsText) {
  const instance = target.instance;
  if (typeof instance[method] !== "function" || method === "constructor" || method.startsWith("#")) {
    throw new TypeError(`Durable Object class ${target.className} has no method "${method}"`);
  }
  return serialize(await instance[method](...deserialize(argsText)));
};

/// Runs `alarm()`; Swift clears the alarm when this resolves and retries when it rejects.
workers.runAlarm = async function runAlarm(target) {
  if (typeof target.instance.alarm !== "function") throw new TypeError(`${target.className} has no alarm() handler`);
  await target.instance.alarm({ retryCount: 0, isRetry: false });
};
