/// GPUUncapturedErrorEvent (WebGPU §22.5): the `uncapturederror` event a GPUDevice fires for an error no
/// error scope caught.
enum GPUUncapturedErrorEventSource {
    static let source = #"""
    const { expose, shapeInterface } = kiln.internal;
    class GPUUncapturedErrorEvent extends Event {
      #error;
      constructor(type, init) {
        if (arguments.length < 2) throw new TypeError("Failed to construct 'GPUUncapturedErrorEvent': 2 arguments required, but only " + arguments.length + " present.");
        if (init === null || typeof init !== "object") throw new TypeError("Failed to construct 'GPUUncapturedErrorEvent': parameter 2 is not of type 'GPUUncapturedErrorEventInit'.");
        if (!(init.error instanceof GPUError)) throw new TypeError("Failed to construct 'GPUUncapturedErrorEvent': Failed to read the 'error' property from 'GPUUncapturedErrorEventInit': member error is not of type GPUError.");
        super(type, init);
        this.#error = init.error;
      }
      get error() {
        if (!(#error in this)) throw new TypeError("Illegal invocation: receiver is not a GPUUncapturedErrorEvent");
        return this.#error;
      }
    }
    shapeInterface(GPUUncapturedErrorEvent);
    expose("GPUUncapturedErrorEvent", GPUUncapturedErrorEvent);
    """#
}
