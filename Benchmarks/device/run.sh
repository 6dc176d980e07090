#!/usr/bin/env bash
# Runs on the GPU machine (see pack.sh): unpacks Kiln and runs the GPU benchmarks, writing logs to $OUT.
# Expects .carry/kiln-device.tar.xz, the Vulkan loader debs in .gl/ and Python wheels in .whl/ (README of the
# device tool); BENCHES picks what to run (default: gpu onnx webgpu-js classifier; also onnx-gemm,
# onnx-kernels and onnx-fp16), ONNX_FLAGS adds flags to `kiln bench onnx` (e.g. --profile).
set -uo pipefail
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site
mkdir -p /tmp/kiln && tar -C /tmp -xJf .carry/kiln-device.tar.xz
cp /tmp/site/wgpu/resources/libwgpu_native-release.so /tmp/kiln/libwgpu_native.so  # same wgpu==0.32.0 build as .deps
export LD_LIBRARY_PATH=/tmp/kiln/lib
KILN=/tmp/kiln/kiln
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$OUT/machine.txt"
$KILN gpu info 2>&1 | tee -a "$OUT/machine.txt"
for bench in ${BENCHES:-gpu onnx webgpu-js classifier}; do
  case $bench in
    gpu) $KILN bench gpu --large --torch --python "$(command -v python3)" --torch-python "$(command -v python3)" ;;
    onnx) $KILN bench onnx --model /tmp/kiln/models/efficientnet-lite0.onnx --batches 1,16,64 --iterations 30 --python "$(command -v python3)" --torch ${ONNX_FLAGS:-} ;;
    onnx-gemm)  # A/B of the GPU GEMM's grid choices (GEMMTuning): standard, no split-K, larger tiles; Kiln rows only
      for flags in "" "--split-k 0" "--large-tile-grid 132" "--large-tile-grid 48"; do
        echo "### kiln bench onnx --kiln-only $flags"
        $KILN bench onnx --model /tmp/kiln/models/efficientnet-lite0.onnx --batches 1,16,64 --iterations 30 --kiln-only $flags
      done ;;
    onnx-kernels)  # both kernel families on this GPU: the photo's top 5 from each, then the CPU family's timing
      for family in gpu cpu; do
        echo "### kiln onnx run --kernels $family"
        $KILN onnx run /tmp/kiln/models/efficientnet-lite0.onnx --image /tmp/kiln/models/chelsea-progressive.jpg --kernels $family
      done
      $KILN bench onnx --model /tmp/kiln/models/efficientnet-lite0.onnx --batches 1,16 --iterations 30 --kiln-only --kernels cpu ;;
    onnx-fp16)  # the float16 copy of the model (made here: carrying it too would pass the size limit): the photo's
      # top 5, then Kiln against both peers running it in float16
      (cd scripts/onnx && python3 -c "import onnx, float16_model as f; m = '/tmp/kiln/models/efficientnet-lite0'
onnx.save(f.to_float16(onnx.load(m + '.onnx')), m + '-fp16.onnx')")
      $KILN onnx run /tmp/kiln/models/efficientnet-lite0-fp16.onnx --image /tmp/kiln/models/chelsea-progressive.jpg
      $KILN bench onnx --model /tmp/kiln/models/efficientnet-lite0-fp16.onnx --batches 1,16,64 --iterations 30 --python "$(command -v python3)" --torch ;;
    classifier)
      mkdir -p models && cp /tmp/kiln/models/efficientnet-lite0.onnx models/
      cp /tmp/kiln/models/imagenet-labels.json examples/classifier/src/
      PATH=/tmp/kiln/bin:$PATH KILN=$KILN PHOTO=/tmp/kiln/models/chelsea-progressive.jpg DURATION=10s \
        Benchmarks/classifier/run.sh ;;
    *) $KILN bench "$bench" ;;
  esac 2>&1 | tee "$OUT/bench-$bench.txt"
done
