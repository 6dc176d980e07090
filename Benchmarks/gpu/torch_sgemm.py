"""Optional peer for `kiln bench gpu --torch`: fp32 SGEMM through PyTorch/cuBLAS with TF32 off.

Prints one JSON line: {"results": [{"n": N, "gflops": G}, ...], "device": name}.
"""
import argparse
import json

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1024,2048,4096")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("torch: no CUDA device")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        a = torch.randn(n, n, device="cuda", dtype=torch.float32)
        b = torch.randn(n, n, device="cuda", dtype=torch.float32)
        for _ in range(3):
            torch.mm(a, b)
        torch.cuda.synchronize()
        iterations = max(5, int(2e12 / (2 * n**3)))
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(iterations):
            torch.mm(a, b)
        end.record()
        torch.cuda.synchronize()
        seconds = start.elapsed_time(end) / 1000.0
        results.append({"n": n, "gflops": 2 * n**3 * iterations / seconds / 1e9})
    print(json.dumps({"results": results, "device": torch.cuda.get_device_name()}))


if __name__ == "__main__":
    main()
