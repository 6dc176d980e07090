// The Body mixin (Fetch Standard §5.3) shared by Request and Response. A body keeps its bytes when they
// are known (strings, buffers, Blobs, forms) and makes a ReadableStream only when `.body` is read or the
// body came from a stream, so `new Response("x").text()` never builds a stream.
const internal = kiln.internal;
const { isBufferSource, copyBytes, concatBytes } = internal;

class BodyState {
  constructor(bytes, stream) {
    this.bytes = bytes;   // Uint8Array or null
    this.stream = stream; // ReadableStream or null
    this.used = false;
  }
  get disturbed() { return this.used || (this.stream !== null && internal.isDisturbed(this.stream)); }
  get locked() { return this.stream !== null && internal.isLocked(this.stream); }
  readableStream() {
    if (this.stream === null) {
      const bytes = this.bytes;
      this.stream = new ReadableStream({
        type: "bytes",
        start(c) { if (bytes.length) c.enqueue(bytes); c.close(); },
      });
    }
    return this.stream;
  }
  // Reads the whole body (the spec's "fully read body").
  async consume(context) {
    if (this.disturbed || this.locked) throw new TypeError(`${context}: Body has already been used.`);
    this.used = true;
    if (this.stream === null) return this.bytes;
    const reader = this.stream.getReader();
    const chunks = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError(`${context}: The body's stream produced a chunk that is not a Uint8Array.`);
      }
      chunks.push(value);
    }
    return concatBytes(chunks);
  }
  clone() {
    if (this.stream === null) return new BodyState(this.bytes, null);
    const [a, b] = this.stream.tee();
    this.stream = a;
    return new BodyState(this.bytes, b);
  }
}
internal.BodyState = BodyState;

// Extracts a body and its Content-Type from a BodyInit (Fetch Standard "extract a body").
internal.extractBody = function extractBody(init, context) {
  if (init === null || init === undefined) return { body: null, contentType: null };
  if (typeof init === "string") return { body: new BodyState(internal.utf8Encode(init), null), contentType: "text/plain;charset=UTF-8" };
  if (init instanceof URLSearchParams) {
    return { body: new BodyState(internal.utf8Encode(init.toString()), null), contentType: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  if (init instanceof FormData) {
    const { bytes, contentType } = internal.serializeMultipart(init);
    return { body: new BodyState(bytes, null), contentType };
  }
  if (init instanceof Blob) return { body: new BodyState(internal.blobBytes(init), null), contentType: init.type || null };
  if (isBufferSource(init)) return { body: new BodyState(copyBytes(init), null), contentType: null };
  if (internal.isReadableStream(init)) {
    if (internal.isDisturbed(init) || internal.isLocked(init)) throw new TypeError(`${context}: The ReadableStream is locked or disturbed.`);
    return { body: new BodyState(null, init), contentType: null };
  }
  return { body: new BodyState(internal.utf8Encode(internal.toUSVString(init)), null), contentType: "text/plain;charset=UTF-8" };
};

// Installs text/json/arrayBuffer/bytes/blob/formData and body/bodyUsed on a class whose instances
// expose their BodyState (or null) and Headers through the given accessors.
internal.mixinBody = function mixinBody(cls, bodyOf, headersOf) {
  const name = cls.name;
  const bytesOf = async (self, method) => {
    const state = bodyOf(self);
    const context = `Failed to execute '${method}' on '${name}'`;
    return state === null ? new Uint8Array(0) : state.consume(context);
  };
  const methods = {
    async arrayBuffer() { return (await bytesOf(this, "arrayBuffer")).slice().buffer; },
    async bytes() { return (await bytesOf(this, "bytes")).slice(); },
    async blob() {
      const b = await bytesOf(this, "blob");
      return internal.blobFromBytes(b.slice(), headersOf(this).get("content-type") ?? "");
    },
    async formData() {
      const bytes = await bytesOf(this, "formData");
      const contentType = headersOf(this).get("content-type") ?? "";
      const essence = contentType.split(";")[0].trim().toLowerCase();
      const context = `Failed to execute 'formData' on '${name}'`;
      if (essence === "multipart/form-data") return internal.parseMultipart(bytes, contentType, context);
      if (essence === "application/x-www-form-urlencoded") {
        return internal.formDataFromList(internal.parseFormURLEncoded(bytes));
      }
      throw new TypeError(`${context}: Could not parse content as FormData (Content-Type is '${contentType}').`);
    },
    async json() { return JSON.parse(internal.utf8DecodeWithoutBOM(await bytesOf(this, "json"))); },
    async text() { return internal.utf8DecodeWithoutBOM(await bytesOf(this, "text")); },
  };
  for (const [key, fn] of Object.entries(methods)) {
    Object.defineProperty(cls.prototype, key, { value: fn, writable: true, configurable: true });
  }
  Object.defineProperty(cls.prototype, "body", {
    get() { return bodyOf(this)?.readableStream() ?? null; }, configurable: true,
  });
  Object.defineProperty(cls.prototype, "bodyUsed", {
    get() { return bodyOf(this)?.disturbed ?? false; }, configurable: true,
  });
};
