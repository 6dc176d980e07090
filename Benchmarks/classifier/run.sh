#!/usr/bin/env bash
# Load test of examples/classifier: wrk posts a photo at concurrency 1, 8 and 64, with dynamic batching
# (MAX_BATCH_SIZE=16) and without (MAX_BATCH_SIZE=1), and prints a Markdown table of requests/s, p50/p99
# latency, the batch sizes the Durable Object formed (x-batch-size) and what its inference cost per image
# at each size (Server-Timing). Uses .build/release/kiln (built if missing; KILN=path overrides), builds
# the model if missing. DURATION (default 20s) sets each wrk run's length; PHOTO the image posted.
# LOADGEN=curl replaces wrk by a fixed number of requests per run (REQUESTS_PER_CONNECTION, default 3, per
# connection) sent by parallel curls: on a CPU "GPU" (lavapipe) one request at 64 connections waits ~100 s,
# longer than any sensible wrk duration.
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-.build/release/kiln}
PHOTO=${PHOTO:-.deps/fixtures/images/chelsea-progressive.jpg}
DURATION=${DURATION:-20s}
PORT=${PORT:-8797}
LOADGEN=${LOADGEN:-wrk}
REQUESTS_PER_CONNECTION=${REQUESTS_PER_CONNECTION:-3}
[[ -x $KILN ]] || swift build -c release --product kiln
[[ -f models/efficientnet-lite0.onnx && -f examples/classifier/src/imagenet-labels.json ]] || ./scripts/prepare-models
command -v wrk >/dev/null || { echo "wrk is missing: run ./scripts/bootstrap" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# "requests/s p50 p99" from wrk's --latency output (latencies in ms).
summarize() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || ($1 == "50%") { p50 = ms($2) }
    $1 == "99.000%" || ($1 == "99%") { p99 = ms($2) }
    /Non-2xx/ { errors = $NF }
    /^batch sizes:/ { sub(/^batch sizes: */, ""); batches = $0 }
    END { printf "%s %.0f %.0f %s %s\n", rps, p50, p99, errors + 0, batches }'
}

post() {
  curl -s -o /dev/null -w "%{http_code} %{time_total} %header{x-batch-size} %header{server-timing}\n" \
    -F "file=@$PHOTO" "http://127.0.0.1:$PORT/"
}
export -f post
export PHOTO PORT

# "requests/s p50 p99 errors" for REQUESTS_PER_CONNECTION × connections requests over `connections` curls.
curl_run() {
  local connections=$1 count=$(( $1 * REQUESTS_PER_CONNECTION )) start end
  start=$(date +%s.%N)
  seq "$count" | xargs -P "$connections" -I{} bash -c post >"$work/times"
  end=$(date +%s.%N)
  sort -k2 -n "$work/times" | awk -v count="$count" -v start="$start" -v end="$end" '
    { t[NR] = $2 * 1000; if ($1 != 200) errors++ }
    $3 != "" { batch[$3]++; if (match($4, /inference;dur=[0-9.]+/)) ms[$3] += substr($4, RSTART + 14, RLENGTH - 14) }
    END {
      for (size = 1; size <= 1024; size++)
        if (size in batch) sizes = sizes sprintf("%d×%d@%.1f ", size, batch[size], ms[size] / batch[size] / size)
      printf "%.2f %.0f %.0f %d %s\n", count / (end - start), t[int(NR * 0.5 + 0.5)], t[int(NR * 0.99 + 0.5)], errors, sizes
    }'
}

echo "| batching | connections | requests/s | p50 ms | p99 ms | errors | batches: size×requests@inference ms per image |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for batch in 16 1; do
  project=$work/classifier-$batch
  mkdir -p "$project"
  cp -r examples/classifier/src "$project/src"
  { cat examples/classifier/wrangler.toml; echo "MAX_BATCH_SIZE = \"$batch\""; } > "$project/wrangler.toml"
  "$KILN" r2 object put model-bucket-dev/efficientnet-lite0.onnx --local --file models/efficientnet-lite0.onnx \
    --persist-to "$project/state" >/dev/null
  "$KILN" dev "$project" --port "$PORT" --persist-to "$project/state" --no-watch >"$work/dev-$batch.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
  # Warm up: load the model and compile the programs of every batch size the runs will use (1..16).
  seq 32 | xargs -P 32 -I{} bash -c post >/dev/null
  for connections in 1 8 64; do
    if [[ $LOADGEN == curl ]]; then
      read -r rps p50 p99 errors batches < <(curl_run "$connections")
    else
      threads=$(( connections < 4 ? connections : 4 ))
      read -r rps p50 p99 errors batches < <(wrk -t "$threads" -c "$connections" -d "$DURATION" --timeout 300s --latency \
        -s Benchmarks/classifier/post-photo.lua "http://127.0.0.1:$PORT/" -- "$PHOTO" | summarize)
      post >/dev/null  # wrk leaves requests queued at the object: wait until they are through
    fi
    label=$([[ $batch == 1 ]] && echo "off" || echo "up to $batch")
    echo "| $label | $connections | $rps | $p50 | $p99 | $errors | $batches |"
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
done
