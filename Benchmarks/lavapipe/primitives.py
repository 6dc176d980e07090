#!/usr/bin/env python3
"""What lavapipe's compute shaders pay per operation: the costs Kiln's CPU-adapter kernels are designed around.

Runs small WGSL kernels through wgpu-py (the same wgpu-native and Vulkan driver Kiln uses) and prints, per
kind of load, the time per 8-lane SIMD value on one core, and the multiply-add rate of a register-only loop
with and without unrolling. Usage: .deps/venv/bin/python Benchmarks/lavapipe/primitives.py
(VK_DRIVER_FILES picks another driver; the numbers are for comparing within one run.)
"""
import time

import numpy as np
import wgpu

adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
features = ["subgroup"] if "subgroup" in adapter.features else []
int64 = "shader-int64" in adapter.features
device = adapter.request_device_sync(required_features=features + (["shader-int64"] if int64 else []))
INVOCATIONS = 64 * 64


def seconds(source, buffers):
    """Fastest of 9 runs of 4 dispatches of 64 workgroups of 64; buffers: (uniform?, bytes), the last one written."""
    module = device.create_shader_module(code=source)
    pipeline = device.create_compute_pipeline(layout="auto", compute={"module": module, "entry_point": "main"})
    entries = []
    for index, (uniform, size) in enumerate(buffers):
        usage = (wgpu.BufferUsage.UNIFORM if uniform else wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_SRC) | wgpu.BufferUsage.COPY_DST
        buffer = device.create_buffer(size=size, usage=usage)
        device.queue.write_buffer(buffer, 0, np.random.rand(size // 4).astype(np.float32).tobytes())
        entries.append({"binding": index, "resource": {"buffer": buffer, "offset": 0, "size": size}})
    group = device.create_bind_group(layout=pipeline.get_bind_group_layout(0), entries=entries)

    def run(count):
        encoder = device.create_command_encoder()
        for _ in range(count):
            compute = encoder.begin_compute_pass()
            compute.set_pipeline(pipeline)
            compute.set_bind_group(0, group)
            compute.dispatch_workgroups(64)
            compute.end()
        device.queue.submit([encoder.finish()])
        device.queue.read_buffer(entries[-1]["resource"]["buffer"], 0, 4)

    run(1)
    best = float("inf")
    for _ in range(9):
        start = time.perf_counter()
        run(4)
        best = min(best, (time.perf_counter() - start) / 4)
    return best


LOADS = 128  # per invocation, 8 per iteration of a 16-iteration loop


def load_kernel(declaration, expression, vector, prelude=""):
    kind = "vec4<f32>" if vector else "f32"
    body = " ".join(f"s{i % 4} += {expression.format(offset=f'(base + {i * 37}u)', i=i)};" for i in range(8))
    return f"""{declaration}
@group(0) @binding(1) var<storage, read_write> Out: array<vec4<f32>>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>{", @builtin(subgroup_invocation_id) lane: u32" if features else ""}) {{
  var s0 = {kind}(0.0); var s1 = {kind}(0.0); var s2 = {kind}(0.0); var s3 = {kind}(0.0);
  {prelude}
  for (var k = 0u; k < {LOADS // 8}u; k++) {{
    let base = (gid.x * 7u + k * 131u) & 1023u;
    {body}
  }}
  Out[gid.x] = vec4<f32>(s0 + s1 + s2 + s3);
}}"""


def report_load(name, source, buffers, components):
    values = INVOCATIONS / 8 * LOADS * components  # 8-lane values loaded
    per_value = seconds(source, buffers) / values * 2  # two cores share the workgroups
    print(f"{name:58s} {per_value * 1e9:7.2f} ns per 8-lane value per core")


OUT = (False, 16 * INVOCATIONS)
storage = "@group(0) @binding(0) var<storage, read> X: array<{}>;"
uniform = "@group(0) @binding(0) var<uniform> X: array<vec4<f32>, 2048>;"
print(f"{adapter.info['device']} ({adapter.info['description']})")
report_load("storage f32, per-invocation address", load_kernel(storage.format("f32"), "X[{offset}]", False), [(False, 16384), OUT], 1)
report_load("storage vec4, per-invocation address (per component)", load_kernel(storage.format("vec4<f32>"), "X[{offset}]", True), [(False, 65536), OUT], 4)
if int64:
    pairs = storage.format("vec2<u64>") + """
fn quad(v: vec2<u64>) -> vec4<f32> { return vec4<f32>(bitcast<f32>(u32(v.x)), bitcast<f32>(u32(v.x >> 32u)), bitcast<f32>(u32(v.y)), bitcast<f32>(u32(v.y >> 32u))); }"""
    report_load("storage vec2<u64> read as vec4<f32> (per f32, as Kiln's QuadLoads)", load_kernel(pairs, "quad(X[{offset}])", True), [(False, 65536), OUT], 4)
report_load("uniform vec4, per-invocation address (per component)", load_kernel(uniform, "X[{offset}]", True), [(True, 32768), OUT], 4)
report_load("storage f32, loop-counter address (uniform, not provably)", load_kernel(storage.format("f32"), "X[(k * 8u + {i}u) & 1023u]", False), [(False, 16384), OUT], 1)
if features:
    lane0 = storage.format("f32") + "\nfn lane0(o: u32, lane: u32) -> f32 { var v = 0.0; if (lane == 0u) { v = X[o]; } return v; }"
    report_load("storage f32 loaded by lane 0 only, then subgroupBroadcast",
                load_kernel(lane0, "subgroupBroadcast(lane0({offset}, lane), 0u)", False), [(False, 16384), OUT], 1)
    report_load("subgroupBroadcast of a register from a constant lane",
                load_kernel(storage.format("f32"), "subgroupBroadcast(r + f32({offset}), 3u)", False, prelude="let r = X[gid.x];"), [(False, 16384), OUT], 1)
    report_load("  the same without the broadcast (the loop and arithmetic around it)",
                load_kernel(storage.format("f32"), "(r + f32({offset}))", False, prelude="let r = X[gid.x];"), [(False, 16384), OUT], 1)


def fma_kernel(rows, columns, steps, unroll):
    setup = [f"let w{i} = Out[{i}].x;" for i in range(rows)]
    setup += [f"var x{j} = vec4<f32>(f32(gid.x) + {j}.0);" for j in range(columns)]
    setup += [f"var a{i}_{j} = vec4<f32>(0.0);" for i in range(rows) for j in range(columns)]
    step = [f"x{j} = fma(x{j}, vec4<f32>(0.999), vec4<f32>(0.001));" for j in range(columns)]
    step += [f"a{i}_{j} = fma(vec4<f32>(w{i}), x{j}, a{i}_{j});" for i in range(rows) for j in range(columns)]
    total = " + ".join(f"a{i}_{j}" for i in range(rows) for j in range(columns))
    return f"""@group(0) @binding(0) var<storage, read_write> Out: array<vec4<f32>>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {{
  {" ".join(setup)}
  for (var k = 0; k < {steps // unroll}; k++) {{ {" ".join(step * unroll)} }}
  Out[gid.x + 64u] = {total};
}}"""


for rows, columns, unroll in [(8, 2, 1), (8, 2, 8), (16, 4, 1), (16, 4, 4)]:
    steps = 1024
    macs = INVOCATIONS * steps * 4 * rows * columns
    rate = macs / seconds(fma_kernel(rows, columns, steps, unroll), [(False, 16 * (INVOCATIONS + 64))]) / 1e9
    print(f"multiply-adds in registers, {rows}x{columns} vec4 accumulators, loop unrolled {unroll}x {rate:10.1f} GMAC/s (both cores)")
