"""The reference rows of `kiln bench onnx`: onnxruntime on the CPU (all cores, default options) and,
with --torch, PyTorch CUDA eager on the same ONNX graph converted by onnx2torch. Prints Markdown rows
in the format of the Kiln rows. Needs only python3 + numpy + onnxruntime (+ torch, onnx2torch)."""
import argparse
import time

import numpy as np


def row(runtime, batch, times):
    times = sorted(times)
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(np.ceil(len(times) * 0.99)) - 1)]
    mean = sum(times) / len(times)
    print(f"| {runtime} | {batch} | {p50:.2f} | {p99:.2f} | {batch / mean * 1000:.1f} |", flush=True)


def timed(run, iterations, warmup_seconds):
    # The same warm-up as Kiln's rows (Sources/kiln/BenchOnnxTiming.swift): at least 3 runs and
    # warmup_seconds, so a GPU that sat idle reaches its working clock before timing starts.
    warm_up_start = time.perf_counter()
    warm_ups = 0
    while warm_ups < 3 or time.perf_counter() - warm_up_start < warmup_seconds:
        run()
        warm_ups += 1
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--batches", default="1,16")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=float, default=1.0)
    parser.add_argument("--torch", action="store_true")
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]

    import onnxruntime as ort
    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    meta = session.get_inputs()[0]
    dtype = np.float16 if meta.type == "tensor(float16)" else np.float32
    for batch in batches:
        shape = [batch] + [d if isinstance(d, int) else 1 for d in meta.shape[1:]]
        x = np.random.default_rng(batch).random(shape, dtype=np.float32).astype(dtype)
        row(f"onnxruntime {ort.__version__} CPU", batch, timed(lambda: session.run(None, {meta.name: x}), args.iterations, args.warmup_seconds))

    if args.torch:
        import onnx
        import torch
        from onnx2torch import convert
        model = convert(onnx.load(args.model)).eval().cuda()
        with torch.no_grad():
            for batch in batches:
                shape = [batch] + [d if isinstance(d, int) else 1 for d in meta.shape[1:]]
                x = torch.from_numpy(np.random.default_rng(batch).random(shape, dtype=np.float32).astype(dtype)).cuda()

                def run():
                    model(x)
                    torch.cuda.synchronize()
                row(f"PyTorch {torch.__version__} CUDA eager", batch, timed(run, args.iterations, args.warmup_seconds))


if __name__ == "__main__":
    main()
