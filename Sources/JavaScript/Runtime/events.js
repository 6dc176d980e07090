// Event, CustomEvent and EventTarget (DOM Standard §2) without the tree: dispatch reaches only the target.
const { expose, shapeInterface, requireArgs } = kiln.internal;

const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

class Event {
  #type; #bubbles; #cancelable; #composed; #timeStamp;
  #target = null; #currentTarget = null; #phase = NONE;
  #canceled = false; #stopPropagation = false; #stopImmediate = false; #dispatching = false;
  #inPassiveListener = false; #initialized = true;
  constructor(type, init = {}) {
    requireArgs(arguments.length, 1, "Failed to construct 'Event'");
    this.#type = String(type);
    this.#bubbles = Boolean(init?.bubbles);
    this.#cancelable = Boolean(init?.cancelable);
    this.#composed = Boolean(init?.composed);
    this.#timeStamp = globalThis.performance ? performance.now() : Date.now();
    Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true });
  }
  get type() { return this.#type; }
  get target() { return this.#target; }
  get srcElement() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  composedPath() { return this.#dispatching && this.#target ? [this.#target] : []; }
  get eventPhase() { return this.#phase; }
  stopPropagation() { this.#stopPropagation = true; }
  get cancelBubble() { return this.#stopPropagation; }
  set cancelBubble(v) { if (v) this.#stopPropagation = true; }
  stopImmediatePropagation() { this.#stopPropagation = true; this.#stopImmediate = true; }
  get bubbles() { return this.#bubbles; }
  get cancelable() { return this.#cancelable; }
  get returnValue() { return !this.#canceled; }
  set returnValue(v) { if (!v) this.preventDefault(); }
  preventDefault() { if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true; }
  get defaultPrevented() { return this.#canceled; }
  get composed() { return this.#composed; }
  get timeStamp() { return this.#timeStamp; }

  static {
    kiln.internal.isEvent = (e) => e !== null && typeof e === "object" && #type in e;
    kiln.internal.eventState = {
      isDispatching: (e) => e.#dispatching,
      begin(e, target) {
        e.#dispatching = true; e.#target = target; e.#currentTarget = target; e.#phase = AT_TARGET;
      },
      end(e) {
        e.#dispatching = false; e.#currentTarget = null; e.#phase = NONE;
        e.#stopPropagation = false; e.#stopImmediate = false;
      },
      stoppedImmediately: (e) => e.#stopImmediate,
      setPassive(e, passive) { e.#inPassiveListener = passive; },
      canceled: (e) => e.#canceled,
    };
  }
}
function isTrustedGetter() { return false; }
for (const [name, value] of Object.entries({ NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE })) {
  Object.defineProperty(Event, name, { value, enumerable: true });
  Object.defineProperty(Event.prototype, name, { value, enumerable: true });
}
shapeInterface(Event);

class CustomEvent extends Event {
  #detail;
  constructor(type, init = {}) {
    requireArgs(arguments.length, 1, "Failed to construct 'CustomEvent'");
    super(type, init);
    this.#detail = init?.detail ?? null;
  }
  get detail() { return this.#detail; }
}
shapeInterface(CustomEvent);

function flattenOptions(options) {
  if (typeof options === "boolean") return { capture: options };
  return { capture: Boolean(options?.capture), once: Boolean(options?.once), passive: options?.passive, signal: options?.signal };
}

class EventTarget {
  #listeners = new Map(); // type -> array of { callback, capture, once, passive, removed }
  constructor() {}
  addEventListener(type, callback, options = {}) {
    requireArgs(arguments.length, 2, "Failed to execute 'addEventListener' on 'EventTarget'");
    const { capture, once, passive, signal } = flattenOptions(options);
    if (signal !== undefined && !kiln.internal.isAbortSignal?.(signal)) {
      throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
    }
    if (signal?.aborted || callback === null || callback === undefined) return;
    type = String(type);
    let list = this.#listeners.get(type);
    if (!list) this.#listeners.set(type, list = []);
    if (list.some((l) => l.callback === callback && l.capture === capture)) return;
    const listener = { callback, capture, once, passive: passive ?? false, removed: false };
    list.push(listener);
    signal?.addEventListener("abort", () => this.removeEventListener(type, callback, { capture }));
  }
  removeEventListener(type, callback, options = {}) {
    requireArgs(arguments.length, 2, "Failed to execute 'removeEventListener' on 'EventTarget'");
    const { capture } = flattenOptions(options);
    const list = this.#listeners.get(String(type));
    if (!list) return;
    const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
    if (i >= 0) { list[i].removed = true; list.splice(i, 1); }
  }
  dispatchEvent(event) {
    requireArgs(arguments.length, 1, "Failed to execute 'dispatchEvent' on 'EventTarget'");
    const state = kiln.internal.eventState;
    if (!kiln.internal.isEvent(event)) {
      throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    }
    if (state.isDispatching(event)) {
      throw new DOMException("Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.", "InvalidStateError");
    }
    state.begin(event, this);
    try {
      const list = this.#listeners.get(event.type);
      for (const l of list ? [...list] : []) {
        if (l.removed) continue;
        if (l.once) this.removeEventListener(event.type, l.callback, { capture: l.capture });
        state.setPassive(event, l.passive);
        try {
          if (typeof l.callback === "function") l.callback.call(this, event);
          else if (typeof l.callback?.handleEvent === "function") l.callback.handleEvent(event);
        } catch (error) {
          kiln.internal.reportError(error);
        }
        state.setPassive(event, false);
        if (state.stoppedImmediately(event)) break;
      }
    } finally {
      state.end(event);
    }
    return !state.canceled(event);
  }
}
shapeInterface(EventTarget);

// A listener that throws must not stop dispatch; the error is reported the way a browser reports it.
kiln.internal.reportError = function reportError(error) {
  const message = kiln.internal.inspect ? kiln.internal.inspect(error) : String(error);
  kiln.native.print("error", `Uncaught ${message}`);
};

expose("Event", Event);
expose("CustomEvent", CustomEvent);
expose("EventTarget", EventTarget);
expose("reportError", function reportError(error) { kiln.internal.reportError(error); });
