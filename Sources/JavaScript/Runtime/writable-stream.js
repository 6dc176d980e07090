// WritableStream, its default writer and controller (Streams Standard §5): writes reach the sink one at a
// time in order, backpressure shows in `ready`/`desiredSize`, close waits for queued writes, abort rejects them.
const internal = kiln.internal;
const { expose, shapeInterface } = internal;
const constructing = Symbol("constructing writable");

class WritableStreamDefaultController {
  #stream; #abortController = new AbortController();
  constructor(key) { if (key !== constructing) throw new TypeError("Illegal constructor"); }
  get signal() { return this.#abortController.signal; }
  error(e = undefined) { internal.writableError(this.#stream, e); }
  static {
    internal.newWritableController = (stream) => { const c = new WritableStreamDefaultController(constructing); c.#stream = stream; return c; };
    internal.abortWritableSignal = (c, reason) => c.#abortController.abort(reason);
  }
}
shapeInterface(WritableStreamDefaultController);

class WritableStream {
  #state = "writable"; #storedError; #writer = null; #controller;
  #queue = []; #queueTotalSize = 0; // entries: { chunk, size, resolve, reject } or { close: true, resolve, reject }
  #highWaterMark; #size; #sink; #started = false; #inFlight = false; #closeQueued = false;
  constructor(underlyingSink = undefined, strategy = {}) {
    const sink = underlyingSink ?? {};
    if (sink.type !== undefined) throw new RangeError("Failed to construct 'WritableStream': Invalid type is specified.");
    this.#sink = sink;
    this.#highWaterMark = internal.extractHighWaterMark(strategy, 1);
    this.#size = internal.extractSizeAlgorithm(strategy);
    this.#controller = internal.newWritableController(this);
    const start = typeof sink.start === "function" ? sink.start(this.#controller) : undefined;
    Promise.resolve(start).then(() => { this.#started = true; this.#advance(); }, (e) => { this.#started = true; this.#error(e); });
  }
  get locked() { return this.#writer !== null; }
  abort(reason = undefined) {
    if (this.#writer) return Promise.reject(new TypeError("Failed to execute 'abort' on 'WritableStream': Cannot abort a locked stream."));
    return this.#abort(reason);
  }
  close() {
    if (this.#writer) return Promise.reject(new TypeError("Failed to execute 'close' on 'WritableStream': Cannot close a locked stream."));
    return this.#close();
  }
  getWriter() { return new WritableStreamDefaultWriter(this); }

  get #desiredSize() {
    if (this.#state === "errored") return null;
    if (this.#state === "closed") return 0;
    return this.#highWaterMark - this.#queueTotalSize;
  }
  #write(chunk) {
    if (this.#state === "errored") return Promise.reject(this.#storedError);
    if (this.#state === "closed" || this.#closeQueued) return Promise.reject(new TypeError("Cannot write to a closing or closed WritableStream."));
    let size;
    try { size = this.#size(chunk); } catch (e) { this.#error(e); return Promise.reject(e); }
    return new Promise((resolve, reject) => {
      this.#queue.push({ chunk, size, resolve, reject });
      this.#queueTotalSize += size;
      this.#updateBackpressure();
      this.#advance();
    });
  }
  #close() {
    if (this.#state === "errored") return Promise.reject(this.#storedError);
    if (this.#state === "closed" || this.#closeQueued) return Promise.reject(new TypeError("Cannot close a closing or closed WritableStream."));
    this.#closeQueued = true;
    return new Promise((resolve, reject) => {
      this.#queue.push({ close: true, resolve, reject });
      if (this.#writer) internal.writerBackpressure(this.#writer, false);
      this.#advance();
    });
  }
  async #abort(reason) {
    if (this.#state === "closed" || this.#state === "errored") return;
    internal.abortWritableSignal(this.#controller, reason);
    this.#error(reason);
    const abort = this.#sink.abort;
    if (typeof abort === "function") await abort.call(this.#sink, reason);
  }
  #advance() {
    if (!this.#started || this.#inFlight || this.#state !== "writable" || !this.#queue.length) return;
    const entry = this.#queue[0];
    this.#inFlight = true;
    const sink = this.#sink;
    const run = entry.close
      ? () => (typeof sink.close === "function" ? sink.close() : undefined)
      : () => (typeof sink.write === "function" ? sink.write(entry.chunk, this.#controller) : undefined);
    internal.promiseCall(run).then(() => {
      this.#inFlight = false;
      if (this.#state !== "writable") return;
      this.#queue.shift();
      entry.resolve();
      if (entry.close) {
        this.#state = "closed";
        if (this.#writer) internal.writerClosed(this.#writer);
        return;
      }
      this.#queueTotalSize = Math.max(0, this.#queueTotalSize - entry.size);
      this.#updateBackpressure();
      this.#advance();
    }, (e) => {
      this.#inFlight = false;
      this.#error(e);
    });
  }
  #updateBackpressure() {
    if (this.#writer && this.#state === "writable" && !this.#closeQueued) internal.writerBackpressure(this.#writer, this.#desiredSize <= 0);
  }
  #error(e) {
    if (this.#state === "closed" || this.#state === "errored") return;
    this.#state = "errored";
    this.#storedError = e;
    const queue = this.#queue;
    this.#queue = [];
    this.#queueTotalSize = 0;
    for (const entry of queue) entry.reject(e);
    if (this.#writer) internal.writerErrored(this.#writer, e);
  }
  static {
    internal.isWritableStream = (v) => v !== null && typeof v === "object" && #sink in v;
    internal.writableError = (s, e) => { if (s.#state === "writable") s.#error(e); };
    internal.writableParts = (s) => ({
      state: () => s.#state, storedError: () => s.#storedError, desiredSize: () => s.#desiredSize,
      write: (chunk) => s.#write(chunk), close: () => s.#close(), abort: (reason) => s.#abort(reason),
      closeQueued: () => s.#closeQueued,
      lock(writer) { if (s.#writer) throw new TypeError("Failed to construct 'WritableStreamDefaultWriter': This stream has already been locked for exclusive writing by another writer."); s.#writer = writer; },
      unlock() { s.#writer = null; },
      backpressure: () => s.#state === "writable" && !s.#closeQueued && s.#desiredSize <= 0,
    });
  }
}
shapeInterface(WritableStream);

class WritableStreamDefaultWriter {
  #stream; #parts; #ready; #resolveReady; #rejectReady; #readyPending = false; #closed; #resolveClosed; #rejectClosed;
  constructor(stream) {
    internal.requireArgs(arguments.length, 1, "Failed to construct 'WritableStreamDefaultWriter'");
    if (!internal.isWritableStream(stream)) throw new TypeError("Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type 'WritableStream'.");
    const parts = internal.writableParts(stream);
    parts.lock(this);
    this.#stream = stream;
    this.#parts = parts;
    this.#closed = new Promise((resolve, reject) => { this.#resolveClosed = resolve; this.#rejectClosed = reject; });
    this.#closed.catch(() => {});
    this.#newReady(parts.backpressure());
    const state = parts.state();
    if (state === "closed") this.#resolveClosed();
    else if (state === "errored") { this.#rejectClosed(parts.storedError()); this.#rejectReady(parts.storedError()); }
  }
  #newReady(pending) {
    this.#ready = new Promise((resolve, reject) => { this.#resolveReady = resolve; this.#rejectReady = reject; });
    this.#ready.catch(() => {});
    this.#readyPending = pending;
    if (!pending) this.#resolveReady();
  }
  #check(op) {
    if (!this.#stream) throw new TypeError(`Failed to execute '${op}' on 'WritableStreamDefaultWriter': This writer has been released.`);
  }
  get closed() { return this.#closed; }
  get ready() { return this.#ready; }
  get desiredSize() { this.#check("desiredSize"); return this.#parts.desiredSize(); }
  write(chunk = undefined) {
    try { this.#check("write"); } catch (e) { return Promise.reject(e); }
    return this.#parts.write(chunk);
  }
  close() {
    try { this.#check("close"); } catch (e) { return Promise.reject(e); }
    return this.#parts.close();
  }
  abort(reason = undefined) {
    try { this.#check("abort"); } catch (e) { return Promise.reject(e); }
    return this.#parts.abort(reason);
  }
  releaseLock() {
    if (!this.#stream) return;
    const error = new TypeError("This writable stream writer has been released.");
    this.#rejectReady(error);
    this.#ready = Promise.reject(error); this.#ready.catch(() => {});
    this.#rejectClosed(error);
    this.#closed = Promise.reject(error); this.#closed.catch(() => {});
    this.#parts.unlock();
    this.#stream = null;
  }
  static {
    internal.writerBackpressure = (w, pressure) => {
      if (pressure && !w.#readyPending) w.#newReady(true);
      else if (!pressure && w.#readyPending) { w.#readyPending = false; w.#resolveReady(); }
    };
    internal.writerClosed = (w) => w.#resolveClosed();
    internal.writerErrored = (w, e) => { w.#rejectReady(e); w.#ready = Promise.reject(e); w.#ready.catch(() => {}); w.#rejectClosed(e); };
  }
}
shapeInterface(WritableStreamDefaultWriter);

expose("WritableStream", WritableStream);
expose("WritableStreamDefaultWriter", WritableStreamDefaultWriter);
expose("WritableStreamDefaultController", WritableStreamDefaultController);
