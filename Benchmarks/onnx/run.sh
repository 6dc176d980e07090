#!/usr/bin/env bash
# EfficientNet-Lite0 latency (p50/p99) and images/s: Kiln on WebGPU vs onnxruntime CPU (and PyTorch CUDA
# eager with TORCH=1) in one run. Needs models/efficientnet-lite0.onnx (./scripts/prepare-models).
# Usage: Benchmarks/onnx/run.sh [BATCHES]   e.g. Benchmarks/onnx/run.sh 1,16   (GPU machine: 1,16,64)
# On a machine without Swift: KILN=path/to/kiln PYTHON=python3 Benchmarks/onnx/run.sh 1,16,64
# (the kiln binary finds libwgpu_native.so beside itself; onnxruntime/torch/onnx2torch from wheels).
set -euo pipefail
cd "$(dirname "$0")/../.."
KILN=${KILN:-.build/debug/kiln}
PYTHON=${PYTHON:-.deps/venv/bin/python}
[[ -x $KILN ]] || swift build --product kiln
[[ -f models/efficientnet-lite0.onnx ]] || ./scripts/prepare-models
"$KILN" bench onnx --batches "${1:-1,16}" --iterations "${ITERATIONS:-30}" --python "$PYTHON" ${TORCH:+--torch}
