// The seed's workers-wonnx demo on Kiln: the Worker turns an uploaded photo into the model's input tensor,
// the Classifier Durable Object runs EfficientNet-Lite0 on the GPU, the Worker answers the top class.
import { decodeToTensor } from "kiln:image";
import labels from "./imagenet-labels.json";
import { Classifier } from "./classifier.js";
import { page } from "./page.js";

export { Classifier };

// EfficientNet-Lite0's input: 224×224 RGB, ImageNet mean/std, channels first.
const INPUT = { width: 224, height: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], layout: "NCHW" };

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if ((request.method === "GET" || request.method === "HEAD") && url.pathname === "/") {
      return new Response(request.method === "HEAD" ? null : page, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (request.method !== "POST") {
      return new Response("method not allowed: POST an image as the multipart field `file`\n", { status: 405, headers: { allow: "POST" } });
    }

    const file = await uploadedFile(request);
    if (file instanceof Response) return file;

    let tensor;
    try {
      // Decoded, resized and normalized on Kiln's native pool: this isolate serves other uploads meanwhile.
      tensor = await decodeToTensor(await file.arrayBuffer(), INPUT);
    } catch (error) {
      // RangeError: over the pixel limit (a decompression bomb); anything else: not a JPEG/PNG we can read.
      const status = error instanceof RangeError ? 413 : 400;
      return new Response(`cannot classify ${JSON.stringify(file.name ?? "file")}: ${error.message}\n`, { status });
    }

    const stub = env.CLASSIFIER.get(env.CLASSIFIER.idFromName("A"));
    const answer = await stub.fetch("https://classifier/scores", { method: "POST", body: tensor });
    if (!answer.ok) return new Response(await answer.text(), { status: answer.status });
    const top = topClasses(new Float32Array(await answer.arrayBuffer()), 5);
    // For load tests: how many uploads shared the inference, and how long it took.
    const headers = { "x-batch-size": answer.headers.get("x-batch-size") ?? "1" };
    const timing = answer.headers.get("server-timing");
    if (timing !== null) headers["server-timing"] = timing;

    if ((request.headers.get("accept") ?? "").includes("application/json")) {
      return Response.json({ top5: top }, { headers });
    }
    return new Response(`${top[0].wnid} ${top[0].label}\n`, { headers });
  },
};

// The seed's form handling: the `file` field must be present and be a file.
async function uploadedFile(request) {
  let form;
  try {
    form = await request.formData();
  } catch {
    return new Response("missing `file`: POST a multipart/form-data body with the image as `file`\n", { status: 400 });
  }
  const file = form.get("file");
  if (file === null) return new Response("missing `file`\n", { status: 400 });
  if (typeof file === "string") return new Response("`file` part of POST form must be a file\n", { status: 400 });
  return file;
}

// Softmax over the logits (a Float32Array), then the `count` most likely classes, most likely first.
function topClasses(logits, count) {
  let max = -Infinity;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const best = []; // indices, kept sorted by logit: one pass, no sort of all 1000 classes
  for (let index = 0; index < logits.length; index++) {
    if (best.length === count && logits[index] <= logits[best[count - 1]]) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && logits[best[at - 1]] < logits[index]) { best[at] = best[at - 1]; at--; }
    best[at] = index;
  }
  return best.map((index) => ({
    index, wnid: labels[index][0], label: labels[index][1], probability: Math.exp(logits[index] - max) / sum,
  }));
}
