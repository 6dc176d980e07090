#!/usr/bin/env bash
# Load test of examples/classifier: wrk posts a photo at concurrency 1, 8 and 64, with dynamic batching
# (MAX_BATCH_SIZE=16) and without (MAX_BATCH_SIZE=1), and prints a Markdown table of requests/s and
# p50/p99 latency. Uses .build/release/kiln (built if missing; KILN=path overrides), builds the model if
# missing. DURATION (default 20s) sets each run's length; PHOTO the image posted.
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-.build/release/kiln}
PHOTO=${PHOTO:-.deps/fixtures/images/chelsea-progressive.jpg}
DURATION=${DURATION:-20s}
PORT=${PORT:-8797}
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
    END { printf "%s %.0f %.0f %s\n", rps, p50, p99, errors + 0 }'
}

echo "| batching | connections | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
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
  # Warm up: load the model and compile the programs of every batch size the runs will use.
  wrk -t 4 -c 64 -d 15s --timeout 120s -s Benchmarks/classifier/post-photo.lua "http://127.0.0.1:$PORT/" -- "$PHOTO" >/dev/null
  for connections in 1 8 64; do
    threads=$(( connections < 4 ? connections : 4 ))
    read -r rps p50 p99 errors < <(wrk -t "$threads" -c "$connections" -d "$DURATION" --timeout 120s --latency \
      -s Benchmarks/classifier/post-photo.lua "http://127.0.0.1:$PORT/" -- "$PHOTO" | summarize)
    label=$([[ $batch == 1 ]] && echo "off" || echo "up to $batch")
    echo "| $label | $connections | $rps | $p50 | $p99 | $errors |"
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
done
