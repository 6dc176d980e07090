#!/usr/bin/env bash
# Local R2 put/get throughput (MiB/s) for 1 MiB and 256 MiB objects next to `cp` of the same file, in one run:
# the storage engine called in-process and the `kiln r2 object put/get` CLI as a subprocess.
# (Through a worker over HTTP comes once `kiln dev` wires R2 bindings.)
# Usage: Benchmarks/r2/run.sh [SIZES_MIB]   e.g. Benchmarks/r2/run.sh 1,256
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-.build/debug/kiln}
[[ -x $KILN ]] || swift build --product kiln
echo "kiln r2 bench on $(uname -m), $(df -T .kiln 2>/dev/null | awk 'NR==2{print $2}' || echo '?') filesystem, $(date -u +%Y-%m-%dT%H:%MZ)"
mkdir -p .kiln
"$KILN" r2 bench --sizes "${1:-1,256}" --directory .kiln/bench-r2
