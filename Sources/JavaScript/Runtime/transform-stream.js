// TransformStream (Streams Standard §6) built from a WritableStream whose sink runs the transformer and a
// ReadableStream it enqueues into; writes wait while the readable side has backpressure. Also pipeTo's loop.
const internal = kiln.internal;
const { expose, shapeInterface } = internal;
const constructing = Symbol("constructing transform controller");

class TransformStreamDefaultController {
  #readable; #terminate; #afterEnqueue;
  constructor(key) { if (key !== constructing) throw new TypeError("Illegal constructor"); }
  get desiredSize() { return this.#readable.desiredSize; }
  enqueue(chunk = undefined) { this.#readable.enqueue(chunk); this.#afterEnqueue(); }
  error(reason = undefined) { this.#terminate(reason, true); }
  terminate() { this.#terminate(new TypeError("The transform stream has been terminated."), false); }
  static {
    internal.newTransformController = (readableController, terminate, afterEnqueue) => {
      const c = new TransformStreamDefaultController(constructing);
      c.#afterEnqueue = afterEnqueue;
      c.#readable = readableController;
      c.#terminate = terminate;
      return c;
    };
  }
}
shapeInterface(TransformStreamDefaultController);

class TransformStream {
  #readable; #writable;
  constructor(transformer = undefined, writableStrategy = {}, readableStrategy = {}) {
    const t = transformer ?? {};
    if (t.readableType !== undefined) throw new RangeError("Failed to construct 'TransformStream': Invalid readableType is specified.");
    if (t.writableType !== undefined) throw new RangeError("Failed to construct 'TransformStream': Invalid writableType is specified.");
    // Backpressure starts on: nothing is written through until the readable side asks for data.
    let readableController, controller, writable, pullWaiter = null, backpressure = true;
    const terminate = (reason, errorReadable) => {
      try { if (errorReadable) readableController.error(reason); else readableController.close(); } catch {}
      internal.writableError(writable, reason);
      pullWaiter?.();
    };
    const waitForPull = () => (backpressure ? new Promise((resolve) => { pullWaiter = resolve; }) : undefined);
    this.#readable = new ReadableStream({
      start(c) { readableController = c; },
      pull() { backpressure = false; const w = pullWaiter; pullWaiter = null; w?.(); },
      cancel(reason) {
        internal.writableError(writable, reason);
        if (typeof t.cancel === "function") return t.cancel(reason);
      },
    }, { highWaterMark: internal.extractHighWaterMark(readableStrategy, 0), size: readableStrategy?.size });
    controller = internal.newTransformController(readableController, terminate, () => {
      if (readableController.desiredSize <= 0) backpressure = true;
    });
    let startResult;
    writable = this.#writable = new WritableStream({
      start() { return startResult; },
      async write(chunk) {
        await waitForPull();
        if (typeof t.transform === "function") await t.transform(chunk, controller);
        else controller.enqueue(chunk);
      },
      async close() {
        if (typeof t.flush === "function") await t.flush(controller);
        try { readableController.close(); } catch {}
      },
      async abort(reason) {
        try { readableController.error(reason); } catch {}
        if (typeof t.cancel === "function") await t.cancel(reason);
      },
    }, writableStrategy);
    startResult = typeof t.start === "function" ? t.start(controller) : undefined;
  }
  get readable() { return this.#readable; }
  get writable() { return this.#writable; }
}
shapeInterface(TransformStream);

// ReadableStreamPipeTo: read, wait for the destination's readiness, write; errors on either side propagate.
internal.pipe = async function pipe(source, destination, options = {}) {
  const { preventClose = false, preventAbort = false, preventCancel = false, signal } = options ?? {};
  if (signal !== undefined && !internal.isAbortSignal(signal)) throw new TypeError("Failed to execute 'pipeTo' on 'ReadableStream': signal is not an AbortSignal.");
  const reader = source.getReader();
  const writer = destination.getWriter();
  let removeAbort = () => {};
  const aborted = new Promise((_, reject) => {
    if (!signal) return;
    const onAbort = (reason) => reject({ aborted: reason });
    if (signal.aborted) onAbort(signal.reason);
    else removeAbort = internal.onAbort(signal, onAbort);
  });
  aborted.catch(() => {});
  let pendingWrite = Promise.resolve();
  try {
    while (true) {
      await Promise.race([writer.ready.catch((e) => { throw { destination: e }; }), aborted]);
      const { value, done } = await Promise.race([reader.read().catch((e) => { throw { source: e }; }), aborted]);
      if (done) break;
      pendingWrite = writer.write(value);
      pendingWrite.catch(() => {});
    }
    await pendingWrite.catch((e) => { throw { destination: e }; });
    if (!preventClose) await writer.close().catch((e) => { throw { destination: e }; });
  } catch (failure) {
    if (failure && "aborted" in failure) {
      const reason = failure.aborted;
      await Promise.all([
        preventAbort ? undefined : writer.abort(reason).catch(() => {}),
        preventCancel ? undefined : reader.cancel(reason).catch(() => {}),
      ]);
      throw reason;
    }
    if (failure && "source" in failure) {
      if (!preventAbort) await writer.abort(failure.source).catch(() => {});
      throw failure.source;
    }
    if (failure && "destination" in failure) {
      if (!preventCancel) await reader.cancel(failure.destination).catch(() => {});
      throw failure.destination;
    }
    throw failure;
  } finally {
    removeAbort();
    reader.releaseLock();
    writer.releaseLock();
  }
};

expose("TransformStream", TransformStream);
expose("TransformStreamDefaultController", TransformStreamDefaultController);
