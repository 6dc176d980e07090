/// The public GPUDevice class (WebGPU §4.4). It is written in JS because GPUDevice is an EventTarget: it
/// extends the runtime's EventTarget and forwards every operation and attribute to the native device handle
/// (GPUDevice.swift), which it keeps in a private field.
enum GPUDeviceSource {
    static let source = #"""
    const { expose, shapeInterface } = kiln.internal;
    const token = Symbol("GPUDevice constructing");
    return (nativePrototype) => {
      class GPUDevice extends EventTarget {
        #native; #queue; #features; #limits; #adapterInfo; #lost; #resolveLost; #onuncapturederror = null;
        constructor(key, native, queue, features, limits, adapterInfo) {
          if (key !== token) throw new TypeError("Illegal constructor");
          super();
          this.#native = native;
          this.#queue = queue;
          this.#features = features;
          this.#limits = limits;
          this.#adapterInfo = adapterInfo;
          this.#lost = new Promise((resolve) => { this.#resolveLost = resolve; });
        }
        // The event handler attribute (HTML §8.1.8.1): its listener joins the list when a handler is first set
        // and leaves it when the handler is set to null, so it runs in registration order with the others.
        #handlerListener = (event) => { this.#onuncapturederror?.call(this, event); };
        static native(device) {
          if (!(#native in device)) throw new TypeError("Illegal invocation: receiver is not a GPUDevice");
          return device.#native;
        }
        static resolveLost(device, info) { device.#resolveLost(info); }
        get queue() { return GPUDevice.native(this) && this.#queue; }
        get features() { return GPUDevice.native(this) && this.#features; }
        get limits() { return GPUDevice.native(this) && this.#limits; }
        get adapterInfo() { return GPUDevice.native(this) && this.#adapterInfo; }
        get lost() { return GPUDevice.native(this) && this.#lost; }
        get onuncapturederror() { return GPUDevice.native(this) && this.#onuncapturederror; }
        set onuncapturederror(handler) {
          GPUDevice.native(this);
          const next = typeof handler === "function" || (handler !== null && typeof handler === "object") ? handler : null;
          if (next && !this.#onuncapturederror) this.addEventListener("uncapturederror", this.#handlerListener);
          if (!next && this.#onuncapturederror) this.removeEventListener("uncapturederror", this.#handlerListener);
          this.#onuncapturederror = next;
        }
      }
      for (const key of Object.getOwnPropertyNames(nativePrototype)) {
        if (key === "constructor") continue;
        const d = Object.getOwnPropertyDescriptor(nativePrototype, key);
        if (typeof d.value === "function") {
          const method = d.value;
          const forward = { [key](...args) { return method.apply(GPUDevice.native(this), args); } }[key];
          Object.defineProperty(forward, "length", { value: method.length });
          Object.defineProperty(GPUDevice.prototype, key, { value: forward, writable: true, enumerable: true, configurable: true });
        } else if (d.get) {
          const { get, set } = d;
          Object.defineProperty(GPUDevice.prototype, key, {
            get() { return get.call(GPUDevice.native(this)); },
            set: set && function (value) { set.call(GPUDevice.native(this), value); },
            enumerable: true, configurable: true,
          });
        }
      }
      shapeInterface(GPUDevice);
      expose("GPUDevice", GPUDevice);
      internal.makeDevice = (native, queue, features, limits, adapterInfo) =>
        new GPUDevice(token, native, queue, features, limits, adapterInfo);
      internal.deviceNative = (device) => GPUDevice.native(device);
      internal.resolveLost = (device, info) => GPUDevice.resolveLost(device, info);
      // An error no scope caught: fire `uncapturederror`; if no listener cancels it, log it like browsers do.
      internal.dispatchUncaptured = (device, error) => {
        const event = new GPUUncapturedErrorEvent("uncapturederror", { error, cancelable: true });
        if (device.dispatchEvent(event)) console.warn(`Uncaptured WebGPU ${error.constructor.name}: ${error.message}`);
      };
    };
    """#
}
