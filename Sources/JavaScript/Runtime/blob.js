// Blob and File (File API §3-4). Parts are flattened into one byte array at construction, so slices,
// reads and uploads never walk a tree of parts.
const internal = kiln.internal;
const { expose, shapeInterface, isBufferSource, copyBytes, concatBytes } = internal;

function normalizeType(type) {
  const s = String(type ?? "");
  return /^[\x20-\x7E]*$/.test(s) ? s.toLowerCase() : "";
}

function bytesOfParts(parts, endings, context) {
  if (parts === undefined) return new Uint8Array(0);
  if (parts === null || typeof parts !== "object" || typeof parts[Symbol.iterator] !== "function") {
    throw new TypeError(`${context}: The provided value cannot be converted to a sequence.`);
  }
  const chunks = [];
  for (const part of parts) {
    if (part instanceof Blob) chunks.push(internal.blobBytes(part));
    else if (isBufferSource(part)) chunks.push(copyBytes(part));
    else {
      let s = internal.toUSVString(part);
      if (endings === "native") s = s.replace(/\r\n?/g, "\n");
      chunks.push(internal.utf8Encode(s));
    }
  }
  return chunks.length === 1 ? chunks[0] : concatBytes(chunks);
}

class Blob {
  #bytes;
  #type;
  constructor(blobParts = undefined, options = {}) {
    const endings = options?.endings ?? "transparent";
    if (endings !== "transparent" && endings !== "native") {
      throw new TypeError(`Failed to construct 'Blob': The provided value '${endings}' is not a valid enum value of type EndingType.`);
    }
    this.#bytes = bytesOfParts(blobParts, endings, "Failed to construct 'Blob'");
    this.#type = normalizeType(options?.type);
  }
  get size() { return this.#bytes.byteLength; }
  get type() { return this.#type; }
  slice(start = 0, end = undefined, contentType = undefined) {
    const size = this.#bytes.byteLength;
    const clamp = (v, fallback) => {
      if (v === undefined) return fallback;
      const n = Math.trunc(Number(v)) || 0;
      return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
    };
    const from = clamp(start, 0), to = clamp(end, size);
    const blob = new Blob([], { type: contentType === undefined ? "" : contentType });
    blob.#bytes = this.#bytes.subarray(from, Math.max(from, to));
    return blob;
  }
  stream() {
    const bytes = this.#bytes;
    let offset = 0;
    return new ReadableStream({
      type: "bytes",
      pull(controller) {
        if (offset >= bytes.length) { controller.close(); return; }
        const end = Math.min(offset + 65536, bytes.length);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    });
  }
  text() { return Promise.resolve(internal.utf8DecodeWithoutBOM(this.#bytes)); }
  arrayBuffer() { return Promise.resolve(this.#bytes.slice().buffer); }
  bytes() { return Promise.resolve(this.#bytes.slice()); }
  static {
    internal.blobBytes = (blob) => blob.#bytes;
    internal.blobFromBytes = (bytes, type) => { const b = new Blob([], { type }); b.#bytes = bytes; return b; };
  }
}
shapeInterface(Blob);

class File extends Blob {
  #name;
  #lastModified;
  constructor(fileBits, fileName, options = {}) {
    internal.requireArgs(arguments.length, 2, "Failed to construct 'File'");
    super(fileBits, options);
    this.#name = internal.toUSVString(fileName);
    this.#lastModified = options?.lastModified === undefined ? Date.now() : Number(BigInt.asIntN(64, BigInt(Math.trunc(Number(options.lastModified) || 0))));
  }
  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
  get webkitRelativePath() { return ""; }
}
shapeInterface(File);

expose("Blob", Blob);
expose("File", File);
