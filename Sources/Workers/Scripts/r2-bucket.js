// Cloudflare's Workers R2 API over Kiln's local buckets (Sources/Workers/Bindings/R2). Evaluated once per
// isolate as the body of `function (native, workers)`; `workers.makeR2Bucket(binding)` builds `env.<binding>`.
// Arguments are checked here with workerd's TypeErrors; storage answers (and its RangeErrors) come from Swift.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const httpMetadataFields = ["contentType", "contentLanguage", "contentDisposition", "contentEncoding", "cacheControl", "cacheExpiry"];
const checksumNames = ["md5", "sha1", "sha256", "sha384", "sha512"];
const checksumLengths = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function typeError(message) { return new TypeError(message); }

function keyString(operation, key) {
  if (key === undefined) throw typeError(`Failed to execute '${operation}' on 'R2Bucket': parameter 1 is not of type 'string'.`);
  return String(key);
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes.buffer;
}

function millis(value, what) {
  const time = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(time)) throw typeError(`${what} must be a Date`);
  return time;
}

function parseHttpDate(text) {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

// onlyIf: an R2Conditional object or Headers (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since).
function conditional(onlyIf) {
  if (onlyIf === undefined || onlyIf === null) return undefined;
  if (onlyIf instanceof Headers) {
    const result = { secondsGranularity: true };
    const match = onlyIf.get("if-match"), noneMatch = onlyIf.get("if-none-match");
    const since = onlyIf.get("if-modified-since"), unmodified = onlyIf.get("if-unmodified-since");
    if (match !== null) result.etagMatches = match.split(",").map((s) => s.trim()).filter(Boolean);
    if (noneMatch !== null) result.etagDoesNotMatch = noneMatch.split(",").map((s) => s.trim()).filter(Boolean);
    if (since !== null && parseHttpDate(since) !== undefined) result.uploadedAfter = parseHttpDate(since);
    if (unmodified !== null && parseHttpDate(unmodified) !== undefined) result.uploadedBefore = parseHttpDate(unmodified);
    return result;
  }
  if (typeof onlyIf !== "object") throw typeError("onlyIf must be an object or a Headers object");
  const result = {};
  for (const name of ["etagMatches", "etagDoesNotMatch"]) {
    const value = onlyIf[name];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((etag) => typeof etag === "string")) throw typeError(`onlyIf.${name} must be a string or an array of strings`);
    result[name] = list;
  }
  if (onlyIf.uploadedBefore !== undefined) result.uploadedBefore = millis(onlyIf.uploadedBefore, "onlyIf.uploadedBefore");
  if (onlyIf.uploadedAfter !== undefined) result.uploadedAfter = millis(onlyIf.uploadedAfter, "onlyIf.uploadedAfter");
  if (onlyIf.secondsGranularity !== undefined) result.secondsGranularity = Boolean(onlyIf.secondsGranularity);
  return result;
}

// range: {offset, length}, {offset}, {length}, {suffix}, or Headers with a Range header.
function range(value) {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Headers) {
    const header = value.get("range");
    if (header === null) return undefined;
    const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
    if (!match || (match[1] === "" && match[2] === "")) throw new RangeError(`get: invalid Range header "${header}"`);
    if (match[1] === "") return { suffix: Number(match[2]) };
    const offset = Number(match[1]);
    if (match[2] === "") return { offset };
    if (Number(match[2]) < offset) throw new RangeError(`get: invalid Range header "${header}"`);
    return { offset, length: Number(match[2]) - offset + 1 };
  }
  if (typeof value !== "object") throw typeError("range must be an object or a Headers object");
  const result = {};
  for (const name of ["offset", "length", "suffix"]) {
    if (value[name] === undefined) continue;
    const number = Number(value[name]);
    if (!Number.isInteger(number)) throw typeError(`range.${name} must be an integer`);
    if (number < 0) throw new RangeError(`Invalid range. Provided ${name} of ${number} must be non-negative.`);
    result[name] = number;
  }
  if (result.suffix !== undefined && (result.offset !== undefined || result.length !== undefined)) {
    throw typeError("Suffix is incompatible with offset and length.");
  }
  if (result.offset === undefined && result.length === undefined && result.suffix === undefined) {
    throw typeError("Invalid range. Either offset, length or suffix must be specified.");
  }
  return result;
}

function httpMetadata(value) {
  if (value === undefined || value === null) return undefined;
  const result = {};
  if (value instanceof Headers) {
    const pairs = [["contentType", "content-type"], ["contentLanguage", "content-language"],
      ["contentDisposition", "content-disposition"], ["contentEncoding", "content-encoding"], ["cacheControl", "cache-control"]];
    for (const [field, header] of pairs) if (value.get(header) !== null) result[field] = value.get(header);
    const expires = value.get("expires");
    if (expires !== null && parseHttpDate(expires) !== undefined) result.cacheExpiry = parseHttpDate(expires);
    return result;
  }
  if (typeof value !== "object") throw typeError("httpMetadata must be an object or a Headers object");
  for (const field of httpMetadataFields) {
    if (value[field] === undefined) continue;
    result[field] = field === "cacheExpiry" ? millis(value[field], "httpMetadata.cacheExpiry") : String(value[field]);
  }
  return result;
}

function customMetadata(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") throw typeError("customMetadata must be an object of strings");
  const result = {};
  for (const [key, entry] of Object.entries(value)) result[key] = String(entry);
  return result;
}

function checksums(options) {
  const given = checksumNames.filter((name) => options[name] !== undefined);
  if (given.length > 1) throw typeError("You cannot specify multiple hashing algorithms.");
  const result = {};
  for (const name of given) {
    let value = options[name];
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (bytes.length !== checksumLengths[name]) throw typeError(`${name} should be ${checksumLengths[name]} bytes long.`);
      value = toHex(bytes);
    } else if (typeof value !== "string" || !/^[0-9a-fA-F]*$/.test(value) || value.length !== checksumLengths[name] * 2) {
      throw typeError(`${name} should be a ${checksumLengths[name] * 2}-character hex string or an ArrayBuffer.`);
    }
    result[name] = value.toLowerCase();
  }
  return result;
}

// Every value kind put() takes but a ReadableStream (streamed, see streamedUpload), as one Uint8Array.
async function valueBytes(value) {
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof Blob === "function" && value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  throw typeError("Failed to execute 'put' on 'R2Bucket': parameter 2 is not of type 'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.");
}

// A ReadableStream value (for put or uploadPart) goes to Swift chunk by chunk as it arrives and is written
// to disk as it comes; reading pauses while Swift is behind, and stops once the writer is done early.
async function streamedUpload(stream, begin) {
  const reader = stream.getReader(); // throws for a locked stream, before any upload begins
  const id = begin();
  let failure = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let state = native.uploadStreamChunk(id, chunkBytes(value));
      if (state === "wait") state = (await native.uploadStreamRoom(id)) ? "more" : "closed";
      if (state === "closed") { reader.cancel().catch(() => {}); break; }
    }
  } catch (error) {
    failure = String(error?.message ?? error);
  }
  const result = await native.uploadStreamEnd(id, failure);
  if (failure !== null) throw typeError(`put: the value stream failed: ${failure}`);
  return result;
}

async function streamedPut(binding, key, stream, spec) {
  const json = await streamedUpload(stream, () => native.putStreamBegin(binding, key, JSON.stringify(spec)));
  return json === null ? null : new R2Object(json);
}

function chunkBytes(chunk) {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw typeError("put: a ReadableStream value must yield ArrayBuffer views");
}

class R2Checksums {
  constructor(hex) {
    for (const name of checksumNames) if (hex[name] !== undefined) this[name] = fromHex(hex[name]);
  }
  toJSON() {
    const result = {};
    for (const name of checksumNames) if (this[name] !== undefined) result[name] = toHex(new Uint8Array(this[name]));
    return result;
  }
}

class R2Object {
  constructor(json) {
    const fields = typeof json === "string" ? JSON.parse(json) : json;
    this.key = fields.key;
    this.version = fields.version;
    this.size = fields.size;
    this.etag = fields.etag;
    this.httpEtag = `"${fields.etag}"`;
    this.uploaded = new Date(fields.uploaded);
    const http = { ...fields.httpMetadata };
    for (const field of Object.keys(http)) if (http[field] === null) delete http[field];
    if (http.cacheExpiry !== undefined) http.cacheExpiry = new Date(http.cacheExpiry);
    this.httpMetadata = http;
    this.customMetadata = fields.customMetadata;
    // workerd reports {offset, length} in that order (JSON.stringify of it is observable).
    if (fields.range) this.range = { offset: fields.range.offset, length: fields.range.length };
    this.checksums = new R2Checksums(fields.checksums);
    this.storageClass = fields.storageClass;
  }

  writeHttpMetadata(headers) {
    if (!(headers instanceof Headers)) throw typeError("Failed to execute 'writeHttpMetadata' on 'R2Object': parameter 1 is not of type 'Headers'.");
    const http = this.httpMetadata;
    if (http.contentType !== undefined) headers.set("content-type", http.contentType);
    if (http.contentLanguage !== undefined) headers.set("content-language", http.contentLanguage);
    if (http.contentDisposition !== undefined) headers.set("content-disposition", http.contentDisposition);
    if (http.contentEncoding !== undefined) headers.set("content-encoding", http.contentEncoding);
    if (http.cacheControl !== undefined) headers.set("cache-control", http.cacheControl);
    if (http.cacheExpiry !== undefined) headers.set("expires", http.cacheExpiry.toUTCString());
  }
}

class R2ObjectBody extends R2Object {
  #id;
  #stream = null;
  #used = false;

  constructor(json, id) {
    super(json);
    this.#id = id;
  }

  // Pulled chunk by chunk from the file: a large object never sits in memory whole.
  get body() {
    if (this.#stream === null) {
      const id = this.#id;
      this.#stream = new ReadableStream({
        pull: async (controller) => {
          this.#used = true;
          const chunk = await native.read(id);
          if (chunk === null) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: () => { this.#used = true; native.close(id); },
      }, { highWaterMark: 0 });
    }
    return this.#stream;
  }

  get bodyUsed() {
    return this.#used || (this.#stream !== null && this.#stream.locked);
  }

  async #bytes() {
    if (this.bodyUsed) throw typeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
    this.#used = true;
    return native.readAll(this.#id);
  }

  async arrayBuffer() {
    const bytes = await this.#bytes();
    return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
  }
  async bytes() { return this.#bytes(); }
  async text() { return decoder.decode(await this.#bytes()); }
  async json() { return JSON.parse(await this.text()); }
  async blob() {
    const type = this.httpMetadata.contentType ?? "";
    return new Blob([await this.#bytes()], { type });
  }
}

class R2MultipartUpload {
  #binding;

  constructor(binding, key, uploadId) {
    this.#binding = binding;
    Object.defineProperty(this, "key", { value: key, enumerable: true });
    Object.defineProperty(this, "uploadId", { value: uploadId, enumerable: true });
  }

  async uploadPart(partNumber, value) {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new RangeError("Part number must be between 1 and 10000 (inclusive).");
    }
    const etag = value instanceof ReadableStream
      ? await streamedUpload(value, () => native.partStreamBegin(this.#binding, this.key, this.uploadId, partNumber))
      : await native.uploadPart(this.#binding, this.key, this.uploadId, partNumber, await valueBytes(value));
    return { partNumber, etag };
  }

  async abort() {
    await native.abortMultipartUpload(this.#binding, this.key, this.uploadId);
  }

  async complete(parts) {
    if (!Array.isArray(parts)) throw typeError("Failed to execute 'complete' on 'R2MultipartUpload': parameter 1 is not of type 'Array'.");
    const flat = [];
    for (const part of parts) {
      if (part === null || typeof part !== "object" || !Number.isInteger(part.partNumber) || typeof part.etag !== "string") {
        throw typeError("complete: each part must be {partNumber, etag} as uploadPart returned it");
      }
      flat.push(part.partNumber, part.etag);
    }
    return new R2Object(await native.completeMultipartUpload(this.#binding, this.key, this.uploadId, flat));
  }
}

class R2Bucket {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  async head(key) {
    const json = await native.head(this.#binding, keyString("head", key));
    return json === null ? null : new R2Object(json);
  }

  async get(key, options = {}) {
    key = keyString("get", key);
    const spec = { range: range(options?.range), onlyIf: conditional(options?.onlyIf) };
    const result = await native.get(this.#binding, key, JSON.stringify(spec));
    if (result === null) return null;
    const [json, id] = result;
    return id === 0 ? new R2Object(json) : new R2ObjectBody(json, id);
  }

  async put(key, value, options = {}) {
    key = keyString("put", key);
    options = options ?? {};
    const spec = {
      httpMetadata: httpMetadata(options.httpMetadata),
      customMetadata: customMetadata(options.customMetadata),
      checksums: checksums(options),
      onlyIf: conditional(options.onlyIf),
    };
    if (value instanceof ReadableStream) return streamedPut(this.#binding, key, value, spec);
    const bytes = await valueBytes(value);
    const json = await native.put(this.#binding, key, bytes, JSON.stringify(spec));
    return json === null ? null : new R2Object(json);
  }

  async delete(keys) {
    const list = Array.isArray(keys) ? keys.map(String) : [keyString("delete", keys)];
    if (list.length > 1000) throw typeError("delete: at most 1000 keys can be deleted at once");
    await native.delete(this.#binding, list);
  }

  async list(options = {}) {
    options = options ?? {};
    const spec = {};
    for (const name of ["prefix", "cursor", "delimiter", "startAfter"]) {
      if (options[name] !== undefined) spec[name] = String(options[name]);
    }
    if (options.limit !== undefined) {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError("MaxKeys params must be positive integer <= 1000. (10022)");
      spec.limit = limit;
    }
    if (options.include !== undefined) {
      if (!Array.isArray(options.include) || !options.include.every((i) => i === "httpMetadata" || i === "customMetadata")) {
        throw typeError("list: include must be an array of \"httpMetadata\" and \"customMetadata\"");
      }
      spec.include = options.include;
    }
    const listing = JSON.parse(await native.list(this.#binding, JSON.stringify(spec)));
    const result = {
      objects: listing.objects.map((fields) => new R2Object(fields)),
      truncated: listing.truncated,
      delimitedPrefixes: listing.delimitedPrefixes,
    };
    if (listing.truncated) result.cursor = listing.cursor;
    return result;
  }

  async createMultipartUpload(key, options = {}) {
    key = keyString("createMultipartUpload", key);
    options = options ?? {};
    const spec = { httpMetadata: httpMetadata(options.httpMetadata), customMetadata: customMetadata(options.customMetadata) };
    const uploadId = await native.createMultipartUpload(this.#binding, key, JSON.stringify(spec));
    return new R2MultipartUpload(this.#binding, key, uploadId);
  }

  resumeMultipartUpload(key, uploadId) {
    if (typeof uploadId !== "string") throw typeError("Failed to execute 'resumeMultipartUpload' on 'R2Bucket': parameter 2 is not of type 'string'.");
    return new R2MultipartUpload(this.#binding, keyString("resumeMultipartUpload", key), uploadId);
  }
}

workers.makeR2Bucket = (binding) => new R2Bucket(binding);
