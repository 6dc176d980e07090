#!/usr/bin/env bash
# Where a classification's time goes besides the inference: serves examples/classifier with its Durable
# Object's GPU inference replaced by fixed logits (frontend/front-end.js), then
#  1. POST /profile: each step of the Worker's path timed N times in one request (ms per step);
#  2. wrk at 1, 8 and 64 connections on the unchanged Worker: the requests/s the Worker and object isolates
#     allow, the ceiling of Benchmarks/classifier/run.sh on any GPU;
#  3. CPU time per request of kiln's busiest threads over the c=8 run (from /proc: robust on a loaded
#     machine). Isolate threads carry the name of the thread that started them (often a GCD thread:
#     "oot.default-qos"); the Worker's isolate starts before the object's, so it has the lower id.
#     kiln:image's pool threads are GCD's user-initiated ones ("r-initiated-qos"), which come and go: the
#     "process all" line counts them too.
# KILN (default .build/release/kiln, else .build/debug/kiln), PHOTO, DURATION (default 10s), N (default 30),
# EXAMPLE (default examples/classifier/src).
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-$([[ -x .build/release/kiln ]] && echo .build/release/kiln || echo .build/debug/kiln)}
PHOTO=${PHOTO:-.deps/fixtures/images/chelsea-progressive.jpg}
DURATION=${DURATION:-10s}
PORT=${PORT:-8798}
N=${N:-30}
EXAMPLE=${EXAMPLE:-examples/classifier/src}  # the Worker sources to serve (e.g. an older version)
[[ -f examples/classifier/src/imagenet-labels.json ]] || ./scripts/prepare-models
command -v wrk >/dev/null || { echo "wrk is missing: run ./scripts/bootstrap" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp -r "$EXAMPLE" "$work/src"
cp Benchmarks/classifier/frontend/front-end.js "$work/src/"
cp Benchmarks/classifier/frontend/wrangler.toml "$work/"
"$KILN" dev "$work" --port "$PORT" --persist-to "$work/state" --no-watch >"$work/dev.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

# "tid name cpu-ticks" for each thread of the server (ticks of 10 ms: utime + stime).
thread_cpu() {
  for task in /proc/$server/task/*; do
    echo "${task##*/} $(tr ' ' _ < "$task/comm") $(awk '{ print $14 + $15 }' "$task/stat")"
  done | sort
  echo "process all $(awk '{ print $14 + $15 }' "/proc/$server/stat")"
}

status=$(curl -s -o /dev/null -w "%{http_code}" -F "file=@$PHOTO" "http://127.0.0.1:$PORT/")
[[ $status == 200 ]] || { echo "POST / answered $status; kiln dev's log:" >&2; cat "$work/dev.log" >&2; exit 1; }
curl -s -F "file=@$PHOTO" "http://127.0.0.1:$PORT/profile?n=5" >/dev/null  # warm up
echo "steps (ms each, mean of $N): $(curl -s -F "file=@$PHOTO" "http://127.0.0.1:$PORT/profile?n=$N")"
echo
echo "| connections | requests/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- |"
for connections in 1 8 64; do
  threads=$(( connections < 4 ? connections : 4 ))
  wrk -t "$threads" -c "$connections" -d "$DURATION" --timeout 30s --latency \
    -s Benchmarks/classifier/post-photo.lua "http://127.0.0.1:$PORT/" -- "$PHOTO" | awk -v c="$connections" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    / requests in / { requests = $1 }
    /Non-2xx/ { errors = $NF }
    END { printf "| %s | %s | %.1f | %.1f | %d |\n", c, rps, p50, p99, errors + 0; print requests > "/dev/stderr" }' \
    2> "$work/requests-$connections"
  [[ $connections == 8 ]] && cpu_after=$(thread_cpu)
  [[ $connections == 1 ]] && cpu_before=$(thread_cpu)
done
echo
echo "CPU ms per request by thread over the 8-connection run ($(cat "$work/requests-8") requests):"
join <(echo "$cpu_before") <(echo "$cpu_after") | awk -v n="$(cat "$work/requests-8")" \
  '{ printf "%s %s %.2f\n", $1, $2, ($5 - $3) * 10 / n }' | sort -k3 -n -r | head -6
