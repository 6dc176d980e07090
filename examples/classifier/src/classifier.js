// The GPU Durable Object: loads the model from R2 on its first request (the seed's ensure_session), keeps
// the session, and runs requests in batches: whatever queued up while the GPU was busy runs as one
// inference of up to MAX_BATCH_SIZE images (optionally waiting MAX_BATCH_WAIT_MS for more); both are
// optional vars (MAX_BATCH_SIZE = "1" turns batching off). Each request gets its 1000 logits as float32 bytes.
import { InferenceSession, Tensor } from "kiln:onnx";

const IMAGE_FLOATS = 3 * 224 * 224;
const CLASSES = 1000;

export class Classifier {
  constructor(state, env) {
    this.env = env;
    this.session = null;
    this.loading = null;
    this.queue = [];
    this.running = false;
    this.maxBatch = positiveInteger(env.MAX_BATCH_SIZE, 16);
    this.waitMs = Math.max(0, Number(env.MAX_BATCH_WAIT_MS ?? 0) || 0);
  }

  async fetch(request) {
    const input = new Float32Array(await request.arrayBuffer());
    if (input.length !== IMAGE_FLOATS) {
      return new Response(`expected a float32 tensor of 3x224x224 values, got ${input.length}\n`, { status: 400 });
    }
    try {
      await this.ensureSession();
    } catch (error) {
      return new Response(error.message + "\n", { status: error.status ?? 500 });
    }
    try {
      const { scores, batch, inferenceMs } = await new Promise((resolve, reject) => {
        this.queue.push({ input, resolve, reject });
        this.drain();
      });
      // The 1000 logits as float32 bytes (4 KB; JSON would be ~20 KB to print and parse). For load tests
      // (the Worker passes both on): x-batch-size, how many images shared this inference, and
      // Server-Timing, how long that inference took.
      const headers = { "content-type": "application/octet-stream", "x-batch-size": String(batch),
                        "server-timing": `inference;dur=${inferenceMs.toFixed(1)}` };
      return new Response(scores, { headers });
    } catch (error) {
      return new Response(`inference failed: ${error.message}\n`, { status: 500 });
    }
  }

  // One load at a time; a failed load (model not uploaded yet) is retried by the next request.
  async ensureSession() {
    if (this.session !== null) return;
    this.loading ??= this.loadSession().finally(() => { this.loading = null; });
    await this.loading;
  }

  async loadSession() {
    const file = this.env.MODEL_FILE;
    const object = await this.env.MODEL_BUCKET.get(file);
    if (object === null) {
      const error = new Error(`model ${file} is not in the R2 bucket MODEL_BUCKET: upload it with\n` +
        `  kiln r2 object put model-bucket-dev/${file} --local --file models/${file}\n(scripts/prepare-models builds it)`);
      error.status = 503;
      throw error;
    }
    this.session = await InferenceSession.create(new Uint8Array(await object.arrayBuffer()));
    console.log(`session created in DO (${file}, inputs ${this.session.inputNames}, outputs ${this.session.outputNames})`);
  }

  // Runs batches until the queue is empty; requests arriving meanwhile join the next batch.
  async drain() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        if (this.waitMs > 0 && this.queue.length < this.maxBatch) await new Promise((r) => setTimeout(r, this.waitMs));
        const batch = this.queue.splice(0, batchSize(Math.min(this.queue.length, this.maxBatch)));
        try {
          const start = performance.now();
          const scores = await this.infer(batch.map((item) => item.input));
          const inferenceMs = performance.now() - start;
          batch.forEach((item, i) => item.resolve({
            scores: scores.subarray(i * CLASSES, (i + 1) * CLASSES), batch: batch.length, inferenceMs,
          }));
        } catch (error) {
          if (batch.length > 1) {
            // Too big for this GPU (e.g. one layer's output over the device's largest storage binding):
            // remember the smaller ceiling and run these requests again, first, in smaller batches.
            this.maxBatch = batch.length / 2;
            console.warn(`batch of ${batch.length} failed (${error.message}); batches now up to ${this.maxBatch}`);
            this.queue.unshift(...batch);
          } else {
            batch[0].reject(error);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  async infer(inputs) {
    let data = inputs[0];
    if (inputs.length > 1) {
      data = new Float32Array(inputs.length * IMAGE_FLOATS);
      inputs.forEach((input, i) => data.set(input, i * IMAGE_FLOATS));
    }
    const feeds = { [this.session.inputNames[0]]: new Tensor("float32", data, [inputs.length, 3, 224, 224]) };
    const outputs = await this.session.run(feeds);
    return outputs[this.session.outputNames[0]].data;
  }
}

// The largest power of two up to `count`: each batch size is a separately compiled GPU program, so
// sticking to 1, 2, 4, 8, 16... keeps compilations few without padding batches with wasted work.
function batchSize(count) {
  return 2 ** Math.floor(Math.log2(count));
}

function positiveInteger(value, fallback) {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}
