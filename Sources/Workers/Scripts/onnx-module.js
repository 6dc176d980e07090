// The JS side of `kiln:onnx` (Sources/Workers/Modules/OnnxModule.swift), evaluated as the body of
// `function (native)`; returns the module namespace. Shaped like onnxruntime-web's Tensor and InferenceSession.

// float16 data is a Float16Array where the engine has one (JavaScriptCore 2.50 does), else the values' bit
// patterns in a Uint16Array: onnxruntime-web's two cases. A Uint16Array of bit patterns is taken in both.
const Float16 = globalThis.Float16Array;
const arrayTypes = {
  float32: Float32Array,
  float16: Float16 ?? Uint16Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

// The element type of data given without one, as onnxruntime-web infers it: an array of booleans is bool, a typed
// array names its type (Uint8Array is uint8, which Kiln does not run).
const typedArrayTypes = new Map([[Float32Array, "float32"], [BigInt64Array, "int64"], [Int32Array, "int32"],
  [Uint8Array, "uint8"], [Int8Array, "int8"], [Uint16Array, "uint16"], [Int16Array, "int16"], [Uint32Array, "uint32"],
  [Float64Array, "float64"], [BigUint64Array, "uint64"], ...(Float16 ? [[Float16, "float16"]] : [])]);
function inferredType(data) {
  if (Array.isArray(data)) {
    if (typeof data[0] === "boolean") return "bool";
    throw new TypeError(`kiln:onnx: a tensor's type cannot be inferred from an array of ${data.length === 0 ? "nothing" : typeof data[0]}; give it`);
  }
  const type = data === null || data === undefined ? undefined : typedArrayTypes.get(data.constructor);
  if (type === undefined) throw new TypeError(`kiln:onnx: a tensor's type cannot be inferred from ${Object.prototype.toString.call(data)}`);
  return type;
}

class Tensor {
  #data;
  #disposed = false;

  // new Tensor(type, data, dims?) or new Tensor(data, dims?), the type then read from the data.
  constructor(type, data, dims) {
    if (typeof type !== "string") [type, data, dims] = [inferredType(type), type, data];
    if (!(type in arrayTypes)) throw new TypeError(`kiln:onnx: unsupported tensor type '${type}' (float32, float16, int64, int32, bool)`);
    const ArrayType = arrayTypes[type];
    if (type === "float16" && ArrayType !== Uint16Array && data instanceof Uint16Array) {
      data = new ArrayType(data.buffer, data.byteOffset, data.length);
    } else if (Array.isArray(data) && ArrayType === Uint16Array) {
      throw new TypeError("kiln:onnx: a float16 tensor needs its values' bit patterns in a Uint16Array (this engine has no Float16Array)");
    } else if (Array.isArray(data)) {
      data = type === "int64" ? ArrayType.from(data, (v) => BigInt(v)) : ArrayType.from(data, type === "bool" ? (v) => (v ? 1 : 0) : undefined);
    } else if (!(data instanceof ArrayType)) {
      throw new TypeError(`kiln:onnx: a ${type} tensor needs a ${ArrayType.name} or an array, got ${Object.prototype.toString.call(data)}`);
    }
    dims = dims === undefined ? [data.length] : Array.from(dims);
    if (!dims.every((d) => Number.isInteger(d) && d >= 0)) throw new TypeError(`kiln:onnx: dims must be non-negative integers, got [${dims}]`);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new RangeError(`kiln:onnx: tensor's size (${size}) of dims [${dims}] does not match data length (${data.length})`);
    this.type = type;
    this.#data = data;
    this.dims = Object.freeze(dims);
    this.size = size;
  }

  get data() {
    if (this.#disposed) throw new Error("kiln:onnx: the tensor is disposed");
    return this.#data;
  }

  // Kiln's tensors live in JS memory: onnxruntime-web's "cpu" location.
  get location() { return "cpu"; }

  async getData() { return this.data; }

  // A tensor of other dims over the same data.
  reshape(dims) { return new Tensor(this.type, this.data, dims); }

  // Drops the data, as onnxruntime-web does; reading it afterwards throws.
  dispose() {
    this.#disposed = true;
    this.#data = undefined;
  }
}

class InferenceSession {
  #id;

  constructor(token, id, inputNames, outputNames, inputMetadata, outputMetadata) {
    if (token !== createToken) throw new TypeError("kiln:onnx: use InferenceSession.create(bytes)");
    this.#id = id;
    this.inputNames = Object.freeze(inputNames);
    this.outputNames = Object.freeze(outputNames);
    const freeze = (list) => Object.freeze(list.map((value) => Object.freeze({ ...value, shape: Object.freeze(value.shape) })));
    this.inputMetadata = freeze(inputMetadata);
    this.outputMetadata = freeze(outputMetadata);
  }

  // create(bytes) or create(url): onnxruntime-web fetches a model given by URL, and so does a Worker here
  // (it has no file system to read a path from).
  static async create(model) {
    if (typeof model === "string" || model instanceof URL) {
      const response = await fetch(model);
      if (!response.ok) throw new Error(`kiln:onnx: fetching the model from ${model} answered ${response.status} ${response.statusText}`);
      model = await response.arrayBuffer();
    }
    const bytes = model instanceof ArrayBuffer || ArrayBuffer.isView(model) ? model : null;
    if (bytes === null) throw new TypeError("kiln:onnx: InferenceSession.create expects the model's bytes (ArrayBuffer or Uint8Array) or its URL");
    return new InferenceSession(createToken, ...(await native.create(bytes)));
  }

  async run(feeds, fetches) {
    if (feeds === null || typeof feeds !== "object") throw new TypeError("kiln:onnx: run expects an object of input name → Tensor");
    const names = [], types = [], dims = [], datas = [];
    for (const [name, tensor] of Object.entries(feeds)) {
      if (!(tensor instanceof Tensor)) throw new TypeError(`kiln:onnx: feed '${name}' is not a Tensor`);
      names.push(name); types.push(tensor.type); dims.push(tensor.dims); datas.push(tensor.data);
    }
    const wanted = this.#wantedOutputs(fetches);
    const parts = await native.run(this.#id, names, types, dims, datas);
    const results = {};
    for (let i = 0; i < parts.length; i += 4) {
      if (wanted === null || wanted.has(parts[i])) results[parts[i]] = new Tensor(parts[i + 1], parts[i + 3], parts[i + 2]);
    }
    return results;
  }

  // run(feeds, fetches?, options?) or run(feeds, options?), told apart as onnxruntime-web does: an array
  // names outputs; an object is fetches when it maps an output name to null or a Tensor, else it is run
  // options (which Kiln has none of). null: every output.
  #wantedOutputs(second) {
    if (second === undefined || second === null) return null;
    if (typeof second !== "object" || second instanceof Tensor) throw new TypeError("kiln:onnx: run's second argument must be fetches or run options");
    if (Array.isArray(second)) {
      for (const name of second) {
        if (!this.outputNames.includes(name)) throw new RangeError(`kiln:onnx: '${name}' in fetches is not an output of the model`);
      }
      return new Set(second);
    }
    const named = this.outputNames.filter((name) => Object.hasOwn(second, name) && (second[name] === null || second[name] instanceof Tensor));
    return named.length > 0 ? new Set(named) : null;
  }

  async release() {
    native.release(this.#id);
  }
}

const createToken = Symbol("create");

// onnxruntime-web's global settings. Code written for it sets some (a Worker running its wasm build must set
// `env.wasm.numThreads = 1`); here they are kept and read back but change nothing: Kiln has one backend, the GPU.
const env = { logLevel: "warning", debug: false, wasm: {}, webgpu: {}, webgl: {} };

return { InferenceSession, Tensor, env, default: { InferenceSession, Tensor, env } };
