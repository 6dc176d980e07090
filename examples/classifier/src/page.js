// GET /: upload a photo, see the top-5 classes as a bar chart. Self-contained (no external assets).
export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kiln image classifier</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.4rem; }
  form { display: flex; gap: .5rem; align-items: center; margin-bottom: 1.5rem; }
  #status { color: #666; min-height: 1.4em; }
  .row { display: grid; grid-template-columns: 14rem 1fr 4rem; gap: .5rem; align-items: center; margin: .35rem 0; }
  .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .track { background: #eee; height: 1.2rem; border-radius: 3px; }
  .bar { background: #e8730c; height: 100%; border-radius: 3px; }
  .pct { text-align: right; font-variant-numeric: tabular-nums; }
  #preview { max-width: 224px; max-height: 224px; display: block; margin-bottom: 1rem; }
</style>
</head>
<body>
<h1>Classify an image</h1>
<p>EfficientNet-Lite0 on the GPU, in a Durable Object. Pick a JPEG or PNG photo.</p>
<form id="upload">
  <input type="file" id="file" name="file" accept="image/jpeg,image/png" required>
  <button type="submit">Classify</button>
</form>
<img id="preview" alt="" hidden>
<div id="status"></div>
<div id="chart"></div>
<script>
const form = document.getElementById("upload");
const status = document.getElementById("status");
const chart = document.getElementById("chart");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = document.getElementById("file").files[0];
  const preview = document.getElementById("preview");
  preview.src = URL.createObjectURL(file);
  preview.hidden = false;
  const body = new FormData();
  body.append("file", file);
  status.textContent = "classifying...";
  chart.replaceChildren();
  const response = await fetch("/", { method: "POST", body, headers: { accept: "application/json" } });
  if (!response.ok) { status.textContent = await response.text(); return; }
  const { top5 } = await response.json();
  status.textContent = top5[0].wnid + " " + top5[0].label;
  for (const entry of top5) {
    const row = document.createElement("div");
    row.className = "row";
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = entry.label;
    label.title = entry.wnid + " " + entry.label;
    const track = document.createElement("div");
    track.className = "track";
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = (entry.probability * 100).toFixed(1) + "%";
    track.append(bar);
    const pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = (entry.probability * 100).toFixed(1) + "%";
    row.append(label, track, pct);
    chart.append(row);
  }
});
</script>
</body>
</html>
`;
