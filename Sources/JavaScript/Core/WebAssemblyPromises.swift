// JavaScriptCore finishes `WebAssembly.compile` and `WebAssembly.instantiate` on the GLib run loop of the
// calling thread. An isolate thread never spins one (it sleeps on its own queue), so those promises would
// never settle. The replacements below do the same work with the synchronous `WebAssembly.Module` /
// `WebAssembly.Instance` constructors on the isolate thread and settle in a later microtask, keeping the
// spec's result shapes (instantiate(bytes) → { module, instance }, instantiate(module) → Instance) and error
// types (CompileError, LinkError, RuntimeError, TypeError — all as rejections, never as throws).
extension Isolate {
    func installWebAssemblyPromises(_ ctx: JSContext) throws {
        guard try ctx.global.has("WebAssembly") else { return }
        try ctx.evaluate(Self.webAssemblyPromisesSource, sourceURL: "kiln:webassembly").call([ctx.global.get("WebAssembly")])
    }

    private static let webAssemblyPromisesSource = #"""
    (WebAssembly => {
      "use strict";
      const { Module, Instance } = WebAssembly;
      const NativePromise = Promise, then = Promise.prototype.then, isView = ArrayBuffer.isView;
      const isArrayBuffer = value => value instanceof ArrayBuffer ||
        (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer);
      // The spec copies the bytes when compile/instantiate is called: later writes to the buffer do not
      // change the module. Anything else goes to the constructor as given, which rejects it with a TypeError.
      const copyBytes = source => {
        if (isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
        if (isArrayBuffer(source)) return new Uint8Array(source).slice();
        return source;
      };
      // JSC appends the internal call site ("(evaluating 'new Module(bytes)')") to errors thrown by native
      // constructors; it names Kiln's code, not the caller's, so it is dropped.
      const clean = error => {
        if (error instanceof Error && typeof error.message === "string") {
          error.message = error.message.replace(/ \(evaluating '[\s\S]*'\)$/, "");
        }
        return error;
      };
      const later = work => then.call(NativePromise.resolve(), () => {
        try { return work(); } catch (error) { throw clean(error); }
      });
      const compileModule = bytes => new Module(bytes);
      const instantiateModule = (module, importObject) => new Instance(module, importObject);

      const replacements = {
        compile(bytes) {
          const stable = copyBytes(bytes);
          return later(() => compileModule(stable));
        },
        instantiate(source, importObject = undefined) {
          if (source instanceof Module) return later(() => instantiateModule(source, importObject));
          const stable = copyBytes(source);
          return later(() => {
            const module = compileModule(stable);
            return { module, instance: instantiateModule(module, importObject) };
          });
        },
      };
      for (const name of Object.keys(replacements)) {
        const original = Object.getOwnPropertyDescriptor(WebAssembly, name);
        Object.defineProperty(WebAssembly, name, { ...original, value: replacements[name] });
      }
    })
    """#
}
