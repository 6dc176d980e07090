// ReadableStream with its default controller and default reader (Streams Standard §4), following the
// spec's algorithms: a size-weighted queue, pull when below the high-water mark, cancel, tee, async iteration.
// Byte streams (`type: "bytes"`) are accepted and read through the default reader; BYOB readers are not offered.
const internal = kiln.internal;
const { expose, shapeInterface } = internal;

class ReadableStreamDefaultController {
  #stream; #queue = []; #queueTotalSize = 0;
  #started = false; #closeRequested = false; #pulling = false; #pullAgain = false;
  #highWaterMark; #size; #pull; #cancel; #copyChunks;
  constructor(key) { if (key !== internal.constructingController) throw new TypeError("Illegal constructor"); }

  get desiredSize() {
    const state = internal.streamState(this.#stream);
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return this.#highWaterMark - this.#queueTotalSize;
  }
  close() {
    if (!this.#canCloseOrEnqueue()) throw new TypeError("Failed to execute 'close' on 'ReadableStreamDefaultController': The stream is not in a state that permits close.");
    this.#closeRequested = true;
    if (this.#queue.length === 0) { this.#clearAlgorithms(); internal.closeStream(this.#stream); }
  }
  enqueue(chunk = undefined) {
    if (!this.#canCloseOrEnqueue()) throw new TypeError("Failed to execute 'enqueue' on 'ReadableStreamDefaultController': The stream is not in a state that permits enqueue.");
    if (this.#copyChunks) {
      if (!ArrayBuffer.isView(chunk) && !(chunk instanceof ArrayBuffer)) throw new TypeError("Failed to execute 'enqueue' on 'ReadableByteStreamController': chunk must be an ArrayBufferView.");
      chunk = internal.copyBytes(chunk);
    }
    const stream = this.#stream;
    if (internal.hasPendingRead(stream)) {
      internal.fulfillRead(stream, chunk, false);
    } else {
      let size;
      try { size = this.#size(chunk); } catch (e) { this.error(e); throw e; }
      if (typeof size !== "number" || !(size >= 0) || size === Infinity) {
        const e = new RangeError("The return value of a queuing strategy's size function must be a finite, non-negative number.");
        this.error(e);
        throw e;
      }
      this.#queue.push({ chunk, size });
      this.#queueTotalSize += size;
    }
    this.#callPullIfNeeded();
  }
  error(e = undefined) {
    if (internal.streamState(this.#stream) !== "readable") return;
    this.#queue = []; this.#queueTotalSize = 0;
    this.#clearAlgorithms();
    internal.errorStream(this.#stream, e);
  }

  #canCloseOrEnqueue() { return !this.#closeRequested && internal.streamState(this.#stream) === "readable"; }
  #clearAlgorithms() { this.#pull = undefined; this.#cancel = undefined; this.#size = undefined; }
  #shouldCallPull() {
    if (!this.#started || !this.#canCloseOrEnqueue()) return false;
    if (internal.isLocked(this.#stream) && internal.hasPendingRead(this.#stream)) return true;
    return this.desiredSize > 0;
  }
  #callPullIfNeeded() {
    if (!this.#shouldCallPull()) return;
    if (this.#pulling) { this.#pullAgain = true; return; }
    this.#pulling = true;
    internal.promiseCall(this.#pull, this).then(() => {
      this.#pulling = false;
      if (this.#pullAgain) { this.#pullAgain = false; this.#callPullIfNeeded(); }
    }, (e) => this.error(e));
  }

  static {
    internal.setUpController = (stream, source, highWaterMark, size, isBytes) => {
      const c = new ReadableStreamDefaultController(internal.constructingController);
      c.#stream = stream;
      c.#highWaterMark = highWaterMark;
      c.#size = size;
      c.#copyChunks = isBytes;
      c.#pull = typeof source.pull === "function" ? () => source.pull(c) : () => undefined;
      c.#cancel = typeof source.cancel === "function" ? (reason) => source.cancel(reason) : () => undefined;
      internal.attachController(stream, c);
      const start = typeof source.start === "function" ? source.start(c) : undefined;
      Promise.resolve(start).then(() => { c.#started = true; c.#callPullIfNeeded(); }, (e) => c.error(e));
    };
    // Pull steps: hand the next queued chunk to a read request, or leave the request pending.
    internal.controllerPull = (c, request) => {
      if (c.#queue.length) {
        const { chunk, size } = c.#queue.shift();
        c.#queueTotalSize = Math.max(0, c.#queueTotalSize - size);
        if (c.#closeRequested && c.#queue.length === 0) { c.#clearAlgorithms(); internal.closeStream(c.#stream); }
        else c.#callPullIfNeeded();
        request.chunk(chunk);
      } else {
        internal.addReadRequest(c.#stream, request);
        c.#callPullIfNeeded();
      }
    };
    internal.controllerCancel = (c, reason) => {
      c.#queue = []; c.#queueTotalSize = 0;
      const cancel = c.#cancel;
      c.#clearAlgorithms();
      return internal.promiseCall(cancel ?? (() => undefined), reason);
    };
  }
}
shapeInterface(ReadableStreamDefaultController);
internal.constructingController = Symbol("constructing controller");

internal.promiseCall = (fn, arg) => {
  try { return Promise.resolve(fn(arg)); } catch (e) { return Promise.reject(e); }
};

class ReadableStream {
  #state = "readable"; #storedError; #reader = null; #disturbed = false; #controller;
  constructor(underlyingSource = undefined, strategy = {}) {
    const source = underlyingSource ?? {};
    if (typeof source !== "object" && typeof source !== "function") throw new TypeError("Failed to construct 'ReadableStream': underlyingSource must be an object.");
    const type = source.type === undefined ? undefined : String(source.type);
    if (type !== undefined && type !== "bytes") throw new TypeError(`Failed to construct 'ReadableStream': invalid type '${type}'.`);
    if (type === "bytes" && strategy?.size !== undefined) throw new RangeError("Failed to construct 'ReadableStream': a byte stream cannot have a size function.");
    const hwm = internal.extractHighWaterMark(strategy, type === "bytes" ? 0 : 1);
    const size = type === "bytes" ? (chunk) => chunk.byteLength : internal.extractSizeAlgorithm(strategy);
    internal.setUpController(this, source, hwm, size, type === "bytes");
  }
  get locked() { return this.#reader !== null; }
  cancel(reason = undefined) {
    if (this.#reader) return Promise.reject(new TypeError("Failed to execute 'cancel' on 'ReadableStream': Cannot cancel a locked stream."));
    return ReadableStream.#cancel(this, reason);
  }
  getReader(options = {}) {
    if (options?.mode !== undefined) {
      if (String(options.mode) !== "byob") throw new TypeError(`Failed to execute 'getReader' on 'ReadableStream': invalid mode '${options.mode}'.`);
      throw new TypeError("Failed to execute 'getReader' on 'ReadableStream': BYOB readers are not supported by Kiln.");
    }
    return new ReadableStreamDefaultReader(this);
  }
  pipeThrough(transform, options = {}) {
    if (this.locked) throw new TypeError("Failed to execute 'pipeThrough' on 'ReadableStream': Cannot pipe a locked stream.");
    if (transform?.writable?.locked) throw new TypeError("Failed to execute 'pipeThrough' on 'ReadableStream': Cannot pipe to a locked stream.");
    internal.pipe(this, transform.writable, options).catch(() => {});
    return transform.readable;
  }
  pipeTo(destination, options = {}) {
    if (this.locked) return Promise.reject(new TypeError("Failed to execute 'pipeTo' on 'ReadableStream': Cannot pipe a locked stream."));
    if (destination?.locked) return Promise.reject(new TypeError("Failed to execute 'pipeTo' on 'ReadableStream': Cannot pipe to a locked stream."));
    return internal.pipe(this, destination, options);
  }
  // ReadableStreamDefaultTee: one reader feeds both branches; the source is canceled once both are.
  tee() {
    const stream = this;
    const reader = this.getReader();
    const controllers = [null, null], canceled = [false, false], reasons = [undefined, undefined];
    let reading = false, readAgain = false, resolveCancel;
    const cancelPromise = new Promise((resolve) => { resolveCancel = resolve; });
    const pull = () => {
      if (reading) { readAgain = true; return Promise.resolve(); }
      reading = true;
      reader.read().then(({ value, done }) => {
        reading = false;
        if (done) {
          controllers.forEach((c, i) => { if (!canceled[i]) c.close(); });
          if (!canceled[0] || !canceled[1]) resolveCancel();
          return;
        }
        controllers.forEach((c, i) => { if (!canceled[i]) c.enqueue(value); });
        if (readAgain) { readAgain = false; pull(); }
      }, () => { reading = false; });
      return Promise.resolve();
    };
    const branch = (i) => new ReadableStream({
      start(c) { controllers[i] = c; },
      pull,
      cancel(reason) {
        canceled[i] = true;
        reasons[i] = reason;
        if (canceled[1 - i]) resolveCancel(internal.cancelStream(stream, reasons));
        return cancelPromise;
      },
    });
    const branches = [branch(0), branch(1)];
    reader.closed.catch((e) => {
      controllers.forEach((c) => c.error(e));
      if (!canceled[0] || !canceled[1]) resolveCancel();
    });
    return branches;
  }
  values(options = {}) { return internal.makeAsyncIterator(this, Boolean(options?.preventCancel)); }
  static from(asyncIterable) {
    if (asyncIterable instanceof ReadableStream) return asyncIterable;
    const method = asyncIterable?.[Symbol.asyncIterator] ?? asyncIterable?.[Symbol.iterator];
    if (typeof method !== "function") throw new TypeError("Failed to execute 'from' on 'ReadableStream': argument is not iterable.");
    const iterator = method.call(asyncIterable);
    return new ReadableStream({
      async pull(c) {
        const { value, done } = await iterator.next();
        if (done) c.close(); else c.enqueue(await value);
      },
      async cancel(reason) { await iterator.return?.(reason); },
    }, { highWaterMark: 0 });
  }

  static #cancel(stream, reason) {
    stream.#disturbed = true;
    if (stream.#state === "closed") return Promise.resolve();
    if (stream.#state === "errored") return Promise.reject(stream.#storedError);
    internal.closeStream(stream);
    return internal.controllerCancel(stream.#controller, reason).then(() => undefined);
  }
  static {
    internal.isReadableStream = (v) => v !== null && typeof v === "object" && #state in v;
    internal.streamState = (s) => s.#state;
    internal.isDisturbed = (s) => s.#disturbed;
    internal.isLocked = (s) => s.#reader !== null;
    internal.attachController = (s, c) => { s.#controller = c; };
    internal.streamController = (s) => s.#controller;
    internal.streamReader = (s) => s.#reader;
    internal.setReader = (s, r) => { s.#reader = r; };
    internal.cancelStream = (s, reason) => ReadableStream.#cancel(s, reason);
    internal.markDisturbed = (s) => { s.#disturbed = true; };
    internal.storedError = (s) => s.#storedError;
    internal.closeStream = (s) => {
      if (s.#state !== "readable") return;
      s.#state = "closed";
      if (s.#reader) internal.readerClosed(s.#reader);
    };
    internal.errorStream = (s, e) => {
      if (s.#state !== "readable") return;
      s.#state = "errored";
      s.#storedError = e;
      if (s.#reader) internal.readerErrored(s.#reader, e);
    };
  }
}
ReadableStream.prototype[Symbol.asyncIterator] = ReadableStream.prototype.values;
shapeInterface(ReadableStream);
Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, { enumerable: false });

class ReadableStreamDefaultReader {
  #stream; #readRequests = []; #closed; #resolveClosed; #rejectClosed;
  constructor(stream) {
    internal.requireArgs(arguments.length, 1, "Failed to construct 'ReadableStreamDefaultReader'");
    if (!internal.isReadableStream(stream)) throw new TypeError("Failed to construct 'ReadableStreamDefaultReader': parameter 1 is not of type 'ReadableStream'.");
    if (internal.isLocked(stream)) throw new TypeError("Failed to construct 'ReadableStreamDefaultReader': This stream has already been locked for exclusive reading by another reader.");
    this.#stream = stream;
    internal.setReader(stream, this);
    this.#closed = new Promise((resolve, reject) => { this.#resolveClosed = resolve; this.#rejectClosed = reject; });
    const state = internal.streamState(stream);
    if (state === "closed") this.#resolveClosed();
    else if (state === "errored") { this.#rejectClosed(internal.storedError(stream)); this.#closed.catch(() => {}); }
  }
  get closed() { return this.#closed; }
  read() {
    if (!this.#stream) return Promise.reject(new TypeError("Failed to execute 'read' on 'ReadableStreamDefaultReader': This readable stream reader has been released."));
    return new Promise((resolve, reject) => {
      const stream = this.#stream;
      internal.markDisturbed(stream);
      const state = internal.streamState(stream);
      if (state === "closed") resolve({ value: undefined, done: true });
      else if (state === "errored") reject(internal.storedError(stream));
      else internal.controllerPull(internal.streamController(stream), {
        chunk: (value) => resolve({ value, done: false }),
        close: () => resolve({ value: undefined, done: true }),
        error: reject,
      });
    });
  }
  releaseLock() {
    if (!this.#stream) return;
    const error = new TypeError("This readable stream reader has been released.");
    if (internal.streamState(this.#stream) === "readable") this.#rejectClosed(error);
    else this.#closed = Promise.reject(error);
    this.#closed.catch(() => {});
    internal.setReader(this.#stream, null);
    this.#stream = null;
    const requests = this.#readRequests;
    this.#readRequests = [];
    for (const r of requests) r.error(error);
  }
  cancel(reason = undefined) {
    if (!this.#stream) return Promise.reject(new TypeError("Failed to execute 'cancel' on 'ReadableStreamDefaultReader': This readable stream reader has been released."));
    return internal.cancelStream(this.#stream, reason);
  }
  static {
    internal.hasPendingRead = (stream) => {
      const r = internal.streamReader(stream);
      return r !== null && r.#readRequests.length > 0;
    };
    internal.addReadRequest = (stream, request) => { internal.streamReader(stream).#readRequests.push(request); };
    internal.fulfillRead = (stream, chunk) => { internal.streamReader(stream).#readRequests.shift().chunk(chunk); };
    internal.readerClosed = (r) => {
      r.#resolveClosed();
      const requests = r.#readRequests;
      r.#readRequests = [];
      for (const q of requests) q.close();
    };
    internal.readerErrored = (r, e) => {
      r.#rejectClosed(e);
      r.#closed.catch(() => {});
      const requests = r.#readRequests;
      r.#readRequests = [];
      for (const q of requests) q.error(e);
    };
  }
}
shapeInterface(ReadableStreamDefaultReader);

// The async iterator of ReadableStream.values(): reads through a reader, cancels on early exit.
internal.makeAsyncIterator = function makeAsyncIterator(stream, preventCancel) {
  const reader = stream.getReader();
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})()));
  const iterator = Object.create(prototype);
  let finished = false;
  iterator.next = async () => {
    if (finished) return { value: undefined, done: true };
    try {
      const result = await reader.read();
      if (result.done) { finished = true; reader.releaseLock(); }
      return result;
    } catch (e) {
      finished = true;
      reader.releaseLock();
      throw e;
    }
  };
  iterator.return = async (value) => {
    if (!finished) {
      finished = true;
      if (!preventCancel) { const p = reader.cancel(value); reader.releaseLock(); await p; }
      else reader.releaseLock();
    }
    return { value, done: true };
  };
  return iterator;
};

expose("ReadableStream", ReadableStream);
expose("ReadableStreamDefaultReader", ReadableStreamDefaultReader);
expose("ReadableStreamDefaultController", ReadableStreamDefaultController);
