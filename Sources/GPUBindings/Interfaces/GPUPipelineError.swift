/// GPUPipelineError (WebGPU §22.4): a DOMException with a `reason` ("validation" or "internal") that
/// createComputePipelineAsync rejects with.
enum GPUPipelineErrorSource {
    static let source = #"""
    const { expose, shapeInterface } = kiln.internal;
    const reasons = ["validation", "internal"];
    class GPUPipelineError extends DOMException {
      #reason;
      constructor(message = "", options) {
        if (arguments.length < 2) throw new TypeError("Failed to construct 'GPUPipelineError': 2 arguments required, but only " + arguments.length + " present.");
        if (options === null || typeof options !== "object") throw new TypeError("Failed to construct 'GPUPipelineError': parameter 2 is not of type 'GPUPipelineErrorInit'.");
        if (options.reason === undefined) throw new TypeError("Failed to construct 'GPUPipelineError': Failed to read the 'reason' property from 'GPUPipelineErrorInit': Required member is undefined.");
        const reason = String(options.reason);
        if (!reasons.includes(reason)) throw new TypeError(`Failed to construct 'GPUPipelineError': The provided value '${reason}' is not a valid enum value of type GPUPipelineErrorReason.`);
        super(message, "OperationError");
        this.#reason = reason;
      }
      get reason() {
        if (!(#reason in this)) throw new TypeError("Illegal invocation: receiver is not a GPUPipelineError");
        return this.#reason;
      }
    }
    shapeInterface(GPUPipelineError);
    expose("GPUPipelineError", GPUPipelineError);
    internal.makePipelineError = (message, reason) => new GPUPipelineError(message, { reason });
    """#
}
