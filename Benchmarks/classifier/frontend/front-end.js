// What a classification costs besides the inference: examples/classifier's Worker unchanged, its Durable
// Object with `infer` answering fixed logits at once (no model, no GPU), so load on this project measures
// the Worker and object isolates, HTTP and the hop between them: the ceiling the GPU can never beat.
// POST /profile?n=N times each step of the Worker's path on the uploaded photo, N times, in one request.
import worker from "./index.js";
import { Classifier } from "./classifier.js";
import * as image from "kiln:image";

const CLASSES = 1000;
const INPUT = { width: 224, height: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: "NCHW" };

export class ClassifierWithoutGPU extends Classifier {
  async ensureSession() {}
  async infer(inputs) {
    const logits = new Float32Array(inputs.length * CLASSES);
    for (let i = 0; i < inputs.length; i++) logits[i * CLASSES + 281] = 10; // n02123045 tabby
    return logits;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== "/profile") return worker.fetch(request, env, ctx);
    const n = Number(url.searchParams.get("n") ?? 30);
    const upload = new Uint8Array(await request.arrayBuffer());
    const contentType = request.headers.get("content-type");
    const steps = {};
    const time = async (name, body) => {
      const start = performance.now();
      const value = await body();
      steps[name] = (steps[name] ?? 0) + (performance.now() - start) / n;
      return value;
    };
    const stub = env.CLASSIFIER.get(env.CLASSIFIER.idFromName("A"));
    for (let i = 0; i < n; i++) {
      const form = await time("formData", () => new Request("http://x/", { method: "POST", body: upload, headers: { "content-type": contentType } }).formData());
      const bytes = await time("file.arrayBuffer", () => form.get("file").arrayBuffer());
      const tensor = await time("decode+toTensor", () => preprocess(bytes));
      const answer = await time("stub.fetch", () => stub.fetch("https://classifier/scores", { method: "POST", body: tensor }));
      await time("read scores", () => readScores(answer));
    }
    const rounded = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
    return Response.json({ n, api: Object.keys(image).sort(), ms: rounded });
  },
};

// The Worker's preprocessing with whichever kiln:image API this build has.
async function preprocess(bytes) {
  if (image.decodeToTensor) return image.decodeToTensor(bytes, INPUT);
  return image.toTensor(image.decode(new Uint8Array(bytes)), INPUT);
}

async function readScores(answer) {
  if ((answer.headers.get("content-type") ?? "").includes("json")) return answer.json();
  return new Float32Array(await answer.arrayBuffer());
}
