/// GPUError and its subclasses GPUValidationError, GPUOutOfMemoryError, GPUInternalError (WebGPU §22.3):
/// plain JS classes (constructible, as the IDL says) that popErrorScope and uncapturederror hand out.
enum GPUErrorSource {
    static let source = #"""
    const { expose, shapeInterface } = kiln.internal;
    class GPUError {
      #message;
      constructor(message) {
        if (new.target === GPUError) throw new TypeError("Illegal constructor");
        this.#message = String(message);
      }
      get message() {
        if (!(#message in this)) throw new TypeError("Illegal invocation: receiver is not a GPUError");
        return this.#message;
      }
    }
    shapeInterface(GPUError);
    expose("GPUError", GPUError);
    const kinds = {};
    for (const [name, kind] of [["GPUValidationError", "validation"], ["GPUOutOfMemoryError", "outOfMemory"],
                                ["GPUInternalError", "internal"]]) {
      const C = { [name]: class extends GPUError {
        constructor(message) {
          if (arguments.length < 1) throw new TypeError(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
          super(message);
        }
      } }[name];
      shapeInterface(C, name);
      expose(name, C);
      kinds[kind] = C;
    }
    // kind: "validation" | "outOfMemory" | "internal" (the Swift GPUError.Kind raw values).
    internal.makeError = (kind, message) => new kinds[kind](message);
    """#
}
