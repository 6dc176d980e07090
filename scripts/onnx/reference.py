"""Reference outputs from onnxruntime for Kiln's whole-model tests (see scripts/onnx-reference)."""
import argparse
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

DTYPES = {1: np.float32, 10: np.float16, 6: np.int32, 7: np.int64, 9: np.bool_}


def imagenet_tensor(path, size=224):
    """Decode, resize the shorter side to 256 (bilinear), center-crop 224, normalize with ImageNet mean/std."""
    from PIL import Image
    image = Image.open(path).convert("RGB")
    scale = size * 256 / 224 / min(image.size)
    width, height = max(size, round(image.width * scale)), max(size, round(image.height * scale))
    image = image.resize((width, height), Image.BILINEAR)
    left, top = (width - size) // 2, (height - size) // 2
    pixels = np.asarray(image.crop((left, top, left + size, top + size)), dtype=np.float32) / 255
    pixels = (pixels - np.array([0.485, 0.456, 0.406], np.float32)) / np.array([0.229, 0.224, 0.225], np.float32)
    return pixels.transpose(2, 0, 1)[None].astype(np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("outdir")
    parser.add_argument("--batch", type=int, default=1, help="value of symbolic dimensions")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--input", help=".npy file to use as the (single) input instead of random data")
    parser.add_argument("--image", help="a photo, preprocessed the ImageNet way (shorter side 256, center crop 224)")
    parser.add_argument("--dummy", action="store_true",
                        help="inputs as ONNX's backend runner makes them for light_* models: arange(n) / n")
    args = parser.parse_args()

    model = onnx.load(args.model)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(args.seed)
    feeds = {}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        tensor_type = value.type.tensor_type
        shape = [d.dim_value if d.HasField("dim_value") else args.batch for d in tensor_type.shape.dim]
        dtype = DTYPES[tensor_type.elem_type]
        if args.image:
            feeds[value.name] = imagenet_tensor(args.image).astype(dtype)
        elif args.input:
            feeds[value.name] = np.load(args.input).astype(dtype)
        elif args.dummy:
            count = int(np.prod(shape))
            feeds[value.name] = (np.arange(count).reshape(shape) / count).astype(dtype)
        elif dtype in (np.float32, np.float16):
            feeds[value.name] = rng.standard_normal(shape).astype(dtype)
        else:
            feeds[value.name] = rng.integers(0, 2, shape).astype(dtype)

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    outputs = session.run(None, feeds)
    os.makedirs(args.outdir, exist_ok=True)
    for index, (name, value) in enumerate(feeds.items()):
        with open(os.path.join(args.outdir, f"input_{index}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value, name).SerializeToString())
    for index, (meta, value) in enumerate(zip(session.get_outputs(), outputs)):
        with open(os.path.join(args.outdir, f"output_{index}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(np.asarray(value), meta.name).SerializeToString())


if __name__ == "__main__":
    main()
