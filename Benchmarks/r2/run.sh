#!/usr/bin/env bash
# Local R2 put/get throughput (MiB/s) for 1 MiB and 256 MiB objects next to `cp` of the same file, in one run:
# through a Worker over HTTP (curl → `env.BUCKET.put(key, request.body)` / `new Response(object.body)`), the
# storage engine called in-process, and the `kiln r2 object put/get` CLI as a subprocess.
# Usage: Benchmarks/r2/run.sh [SIZES_MIB]   e.g. Benchmarks/r2/run.sh 1,256
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-.build/debug/kiln}
[[ -x $KILN ]] || swift build --product kiln
mkdir -p .kiln
echo "kiln bench r2 on $(uname -m), $(nproc) cores, $(df -T .kiln | awk 'NR==2{print $2}') filesystem, $(date -u +%Y-%m-%dT%H:%MZ)"
"$KILN" bench r2 --sizes "${1:-1,256}" --directory .kiln/bench-r2

# A second baseline: a userspace read/write copy with fsync (what a put does besides hashing and the SQLite
# commit). `cp` above may copy inside the kernel (copy_file_range), which no hashing writer can do.
IFS=, read -ra sizes <<< "${1:-1,256}"
echo
echo "| size | dd bs=4M conv=fsync |"
echo "| --- | --- |"
for size in "${sizes[@]}"; do
  head -c $((size << 20)) /dev/urandom > .kiln/dd-source
  rounds=3
  best=()
  for _ in $(seq $rounds); do
    start=$(date +%s%N)
    dd if=.kiln/dd-source of=.kiln/dd-copy bs=4M conv=fsync status=none
    end=$(date +%s%N)
    best+=($(( (size * 1000000000) / (end - start + 1) )))
  done
  median=$(printf '%s\n' "${best[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p")
  echo "| $size MiB | $median MiB/s |"
  rm -f .kiln/dd-source .kiln/dd-copy
done
