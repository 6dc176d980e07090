// The seed's workers-wonnx demo on Kiln: the Worker turns an uploaded photo into the model's input tensor,
// the Classifier Durable Object runs EfficientNet-Lite0 on the GPU, the Worker answers the top class.
import { decode, toTensor } from "kiln:image";
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
      tensor = toTensor(decode(new Uint8Array(await file.arrayBuffer())), INPUT);
    } catch (error) {
      // RangeError: over the pixel limit (a decompression bomb); anything else: not a JPEG/PNG we can read.
      const status = error instanceof RangeError ? 413 : 400;
      return new Response(`cannot classify ${JSON.stringify(file.name ?? "file")}: ${error.message}\n`, { status });
    }

    const stub = env.CLASSIFIER.get(env.CLASSIFIER.idFromName("A"));
    const answer = await stub.fetch("https://classifier/scores", { method: "POST", body: tensor.buffer });
    if (!answer.ok) return new Response(await answer.text(), { status: answer.status });
    const top = topClasses(await answer.json(), 5);
    const headers = { "x-batch-size": answer.headers.get("x-batch-size") ?? "1" };

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

// Softmax over the logits, then the `count` most likely classes.
function topClasses(logits, count) {
  const max = Math.max(...logits);
  const exps = logits.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps
    .map((value, index) => ({ index, probability: value / sum }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, count)
    .map(({ index, probability }) => ({ index, wnid: labels[index][0], label: labels[index][1], probability }));
}
