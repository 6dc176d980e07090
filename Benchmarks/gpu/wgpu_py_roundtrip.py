"""Peer for `kiln bench gpu`: the same round-trip loop through wgpu-py (same wgpu-native build).

Each iteration: encode a 1-workgroup dispatch that writes 16 bytes, copy them to a MAP_READ buffer,
submit, map, read the 16 bytes, unmap. Prints one JSON line: {"p50_us", "p99_us", "iterations", "adapter"}.
"""
import argparse
import json
import time

import wgpu

SHADER = """
@group(0) @binding(0) var<storage, read_write> out: array<u32, 4>;

@compute @workgroup_size(4)
fn main(@builtin(local_invocation_index) i: u32) {
    out[i] = i * 2u + 1u;
}
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()

    adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
    device = adapter.request_device_sync()
    pipeline = device.create_compute_pipeline(
        layout="auto", compute={"module": device.create_shader_module(code=SHADER), "entry_point": "main"}
    )
    storage = device.create_buffer(size=16, usage=wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_SRC)
    readback = device.create_buffer(size=16, usage=wgpu.BufferUsage.MAP_READ | wgpu.BufferUsage.COPY_DST)
    bind_group = device.create_bind_group(
        layout=pipeline.get_bind_group_layout(0),
        entries=[{"binding": 0, "resource": {"buffer": storage, "offset": 0, "size": 16}}],
    )

    def round_trip():
        encoder = device.create_command_encoder()
        compute_pass = encoder.begin_compute_pass()
        compute_pass.set_pipeline(pipeline)
        compute_pass.set_bind_group(0, bind_group)
        compute_pass.dispatch_workgroups(1)
        compute_pass.end()
        encoder.copy_buffer_to_buffer(storage, 0, readback, 0, 16)
        device.queue.submit([encoder.finish()])
        readback.map_sync(wgpu.MapMode.READ)
        data = readback.read_mapped()
        readback.unmap()
        return data

    for _ in range(args.warmup):
        round_trip()
    check = list(memoryview(round_trip()).cast("I"))
    if check != [1, 3, 5, 7]:
        raise SystemExit(f"wrong result from the GPU: {check}")
    samples = []
    for _ in range(args.iterations):
        start = time.perf_counter_ns()
        round_trip()
        samples.append((time.perf_counter_ns() - start) / 1000.0)
    samples.sort()
    percentile = lambda p: samples[min(len(samples) - 1, int(p * len(samples)))]
    print(json.dumps({"p50_us": percentile(0.50), "p99_us": percentile(0.99),
                      "iterations": args.iterations, "adapter": adapter.info["device"]}))


if __name__ == "__main__":
    main()
