// AbortController and AbortSignal (DOM Standard §3.1-3.2), including AbortSignal.timeout and AbortSignal.any.
const { expose, shapeInterface, requireArgs } = kiln.internal;
const constructing = Symbol("AbortSignal constructing");

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #algorithms = [];
  #dependents = []; // WeakRefs to signals made by AbortSignal.any that follow this one
  #onabort = null;
  constructor(key) {
    if (key !== constructing) throw new TypeError("Illegal constructor");
    super();
  }
  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }
  throwIfAborted() { if (this.#aborted) throw this.#reason; }
  get onabort() { return this.#onabort; }
  set onabort(handler) {
    if (this.#onabort) this.removeEventListener("abort", this.#onabort);
    this.#onabort = typeof handler === "function" ? handler : null;
    if (this.#onabort) this.addEventListener("abort", this.#onabort);
  }

  static abort(reason) {
    const signal = new AbortSignal(constructing);
    signal.#aborted = true;
    signal.#reason = reason === undefined ? new DOMException("signal is aborted without reason", "AbortError") : reason;
    return signal;
  }
  static timeout(milliseconds) {
    requireArgs(arguments.length, 1, "Failed to execute 'timeout' on 'AbortSignal'");
    const ms = kiln.internal.enforceRange(milliseconds, 0, Number.MAX_SAFE_INTEGER, "Failed to execute 'timeout' on 'AbortSignal'");
    const signal = new AbortSignal(constructing);
    setTimeout(() => signal.#signalAbort(new DOMException("signal timed out", "TimeoutError")), ms);
    return signal;
  }
  static any(signals) {
    requireArgs(arguments.length, 1, "Failed to execute 'any' on 'AbortSignal'");
    const list = [...signals];
    for (const s of list) {
      if (!(s instanceof AbortSignal)) throw new TypeError("Failed to execute 'any' on 'AbortSignal': member is not of type AbortSignal.");
    }
    const result = new AbortSignal(constructing);
    const aborted = list.find((s) => s.#aborted);
    if (aborted) {
      result.#aborted = true;
      result.#reason = aborted.#reason;
      return result;
    }
    for (const s of list) s.#dependents.push(new WeakRef(result));
    return result;
  }

  #signalAbort(reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason === undefined ? new DOMException("signal is aborted without reason", "AbortError") : reason;
    const algorithms = this.#algorithms;
    this.#algorithms = [];
    for (const run of algorithms) run(this.#reason);
    this.dispatchEvent(new Event("abort"));
    const dependents = this.#dependents;
    this.#dependents = [];
    for (const ref of dependents) ref.deref()?.#signalAbort(this.#reason);
  }

  static {
    kiln.internal.isAbortSignal = (v) => v !== null && typeof v === "object" && #aborted in v;
    kiln.internal.signalAbort = (signal, reason) => signal.#signalAbort(reason);
    // Spec "add an abort algorithm": runs before the abort event; returns a remover.
    kiln.internal.onAbort = (signal, run) => {
      signal.#algorithms.push(run);
      return () => { signal.#algorithms = signal.#algorithms.filter((f) => f !== run); };
    };
    kiln.internal.newAbortSignal = () => new AbortSignal(constructing);
  }
}
shapeInterface(AbortSignal);

class AbortController {
  #signal = kiln.internal.newAbortSignal();
  get signal() { return this.#signal; }
  abort(reason) { kiln.internal.signalAbort(this.#signal, reason); }
}
shapeInterface(AbortController);

expose("AbortSignal", AbortSignal);
expose("AbortController", AbortController);
