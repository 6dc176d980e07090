#!/usr/bin/env bash
# Packs Kiln for a GPU machine that has no Swift: a release build with the Swift runtime linked statically,
# its resource bundles and the shared libraries the GPU image lacks (JavaScriptCore, ICU, glib, libjpeg,
# libpng, SQLite), xz-compressed into .carry/kiln-device.tar.xz (ignored by git; carried by the
# device tool). wgpu-native itself travels in the pinned wgpu wheel (.whl/, also the wgpu-py peer), which
# keeps the carry under the device tool's 64 MiB. Benchmarks/device/run.sh unpacks and runs it there.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --static-swift-stdlib --product kiln --scratch-path .build-release
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/kiln/lib" .carry
cp .build-release/release/kiln "$stage/kiln/"
strip "$stage/kiln/kiln"
cp -r .build-release/release/*.resources "$stage/kiln/" 2>/dev/null || true
# Everything kiln loads except the C runtime, which the target's newer glibc/libstdc++ provide.
ldd .build-release/release/kiln | awk '/=> \//{print $3}' |
  grep -vE '/(libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+|ld-linux[^/]*)\.so' |
  grep -v libwgpu_native | while read -r lib; do cp -L "$lib" "$stage/kiln/lib/"; done
# The classifier benchmark's inputs: model, labels, a photo, and wrk with the LuaJIT it links (the GPU
# image has OpenSSL 3 but no LuaJIT).
./scripts/prepare-models >/dev/null
mkdir -p "$stage/kiln/models" "$stage/kiln/bin"
cp models/efficientnet-lite0.onnx examples/classifier/src/imagenet-labels.json \
  .deps/fixtures/images/chelsea-progressive.jpg "$stage/kiln/models/"
cp "$(command -v wrk)" "$stage/kiln/bin/"
ldd "$(command -v wrk)" | awk '/libluajit/{print $3}' | xargs -I{} cp -L {} "$stage/kiln/lib/"
tar -C "$stage" -cf - kiln | xz -T2 -6 > .carry/kiln-device.tar.xz
ls -la .carry/kiln-device.tar.xz
