#!/usr/bin/env python3
"""Where lavapipe's compiled shaders spend their time while Kiln runs EfficientNet-Lite0.

Starts `kiln bench onnx --batches 1 --kiln-only` (debug or release build), samples it with `perf record -e
cpu-clock` once its pipelines are compiled, and copies lavapipe's JIT code (the executable anonymous mappings)
out of the process. Then it prints the share of samples per binary (JIT code against the runtime around
it), per instruction mnemonic in the JIT code (the sampled one, and the one before it: a sample usually
lands just after the instruction that stalled), and how many multiply, add and fused multiply-add
instructions the compiled shaders hold.

Usage: python3 Benchmarks/lavapipe/jit_profile.py [--kiln .build/debug/kiln] [--seconds 5]
Needs perf (Debian: linux-perf) and objdump (binutils), and permission to read the process's memory
(root, or ptrace_scope 0).
"""
import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def executable_anonymous_mappings(pid, directory):
    """Copies every executable mapping without a backing file; returns (start, end, path) per mapping."""
    regions = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as memory:
        for line in maps:
            fields = line.split()
            if "x" not in fields[1] or len(fields) > 5:
                continue
            start, end = (int(value, 16) for value in fields[0].split("-"))
            try:
                memory.seek(start)
                data = memory.read(end - start)
            except OSError:
                continue
            path = Path(directory) / f"jit-{start:x}.bin"
            path.write_bytes(data)
            regions.append((start, end, path))
    return regions


def disassemble(regions):
    """Address → (instruction text, previous instruction text) for all of the copied code."""
    instructions = {}
    for start, _, path in regions:
        listing = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "--adjust-vma", hex(start), str(path)],
                                 capture_output=True, text=True, check=True).stdout
        previous = ""
        for line in listing.splitlines():
            match = re.match(r"\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)", line)
            if match:
                instructions[int(match.group(1), 16)] = (match.group(2), previous)
                previous = match.group(2)
    return instructions


def mnemonic(text):
    if not text:
        return "?"
    name = text.split()[0]
    if name.startswith("vmov") and "rsp" in text:
        name += " (stack)"
    if "{%k" in text:
        name += " {masked}"
    return name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln", default=".build/debug/kiln")
    parser.add_argument("--model", default="models/efficientnet-lite0.onnx")
    parser.add_argument("--warmup", type=float, default=12, help="seconds before sampling (compiling the pipelines)")
    parser.add_argument("--seconds", type=float, default=5, help="seconds of sampling")
    options = parser.parse_args()
    for tool in ("perf", "objdump"):
        if not shutil.which(tool):
            sys.exit(f"jit_profile: {tool} not found (Debian: apt install {'linux-perf' if tool == 'perf' else 'binutils'})")
    with tempfile.TemporaryDirectory() as directory:
        kiln = subprocess.Popen([options.kiln, "bench", "onnx", "--model", options.model, "--batches", "1", "--kiln-only",
                                 "--iterations", "100000", "--settle-seconds", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(options.warmup)
            if kiln.poll() is not None:
                sys.exit(f"jit_profile: {options.kiln} exited with {kiln.returncode} before sampling")
            data = Path(directory) / "perf.data"
            subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000", "-p", str(kiln.pid), "-o", str(data),
                            "--", "sleep", str(options.seconds)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            regions = executable_anonymous_mappings(kiln.pid, directory)
        finally:
            kiln.kill()
            kiln.wait()
        # One line per sample: its instruction address and binary.
        samples = subprocess.run(["perf", "script", "-i", str(data), "-F", "ip,dso"], capture_output=True, text=True, check=True).stdout
        instructions = disassemble(regions)
    by_binary = collections.Counter()
    sampled = collections.Counter()
    before = collections.Counter()
    lines = [line.split(None, 1) for line in samples.splitlines() if line.strip()]
    share = 100 / max(1, len(lines))
    jit_share = 0.0
    for address, binary in ((fields[0], fields[1] if len(fields) > 1 else "?") for fields in lines):
        binary = binary.strip().strip("()")
        address = int(address, 16)
        if address in instructions:
            text, previous = instructions[address]
            sampled[mnemonic(text)] += share
            before[mnemonic(previous)] += share
            jit_share += share
            binary = "lavapipe JIT code"
        by_binary[binary.rsplit("/", 1)[-1]] += share
    print("Samples per binary:")
    for binary, percent in by_binary.most_common(8):
        print(f"  {percent:6.2f}%  {binary}")
    print(f"Samples in the copied JIT code per instruction ({jit_share:.1f}% of all samples), sampled | preceding:")
    left, right = sampled.most_common(12), before.most_common(12)
    for index in range(max(len(left), len(right))):
        a = f"{left[index][1]:6.2f}%  {left[index][0]}" if index < len(left) else ""
        b = f"{right[index][1]:6.2f}%  {right[index][0]}" if index < len(right) else ""
        print(f"  {a:36s} | {b}")
    arithmetic = collections.Counter()
    for text, _ in instructions.values():
        name = text.split()[0] if text else ""
        for kind in ("vfmadd", "vfnmadd", "vmulps", "vaddps"):
            if name.startswith(kind):
                arithmetic[kind] += 1
    print("Arithmetic instructions in the compiled shaders: " + ", ".join(f"{kind} {arithmetic[kind]}" for kind in ("vmulps", "vaddps", "vfmadd", "vfnmadd")))


if __name__ == "__main__":
    main()
