import Foundation
import Workers

/// The benchmark loop in JS, inside a Durable Object served by the Workers runtime: one request runs the whole
/// measurement and answers with the per-iteration times (performance.now(), milliseconds).
enum BenchWebGPUJSLoop {
    static let wrangler = """
        name = "bench-webgpu-js"
        main = "index.js"
        compatibility_date = "2024-09-23"
        compatibility_flags = ["experimental", "webgpu"]
        [[durable_objects.bindings]]
        name = "BENCH"
        class_name = "Bench"
        [[migrations]]
        tag = "v1"
        new_classes = ["Bench"]
        """

    static let script = """
        import { DurableObject } from "cloudflare:workers";
        const shader = `\(BenchWebGPUSwiftLoop.shader)`;
        export class Bench extends DurableObject {
          async fetch(request) {
            const params = new URL(request.url).searchParams;
            const [iterations, warmup, warmupMs, dispatches] =
              ["iterations", "warmup", "warmupMs", "dispatches"].map((k) => Number(params.get(k)));
            const device = await (await navigator.gpu.requestAdapter()).requestDevice();
            const storage = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
            const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
            const pipeline = device.createComputePipeline({ layout: "auto",
              compute: { module: device.createShaderModule({ code: shader }), entryPoint: "main" } });
            const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0),
              entries: [{ binding: 0, resource: { buffer: storage } }] });
            const encode = (readBack) => {
              const encoder = device.createCommandEncoder();
              const pass = encoder.beginComputePass();
              pass.setPipeline(pipeline);
              pass.setBindGroup(0, group);
              pass.dispatchWorkgroups(1);
              pass.end();
              if (readBack) encoder.copyBufferToBuffer(storage, 0, readback, 0, 16);
              return encoder.finish();
            };
            const roundTrip = async () => {
              const start = performance.now();
              device.queue.submit([encode(true)]);
              await readback.mapAsync(GPUMapMode.READ);
              const first = new Float32Array(readback.getMappedRange())[0];
              readback.unmap();
              const elapsed = performance.now() - start;
              if (first !== 0) throw new Error(`wrong result ${first}`);
              return elapsed;
            };
            const warmupStart = performance.now();
            for (let i = 0; i < warmup || performance.now() - warmupStart < warmupMs; i++) await roundTrip();
            const samples = [];
            for (let i = 0; i < iterations; i++) samples.push(await roundTrip());
            const dispatchWarmupStart = performance.now();
            while (performance.now() - dispatchWarmupStart < warmupMs / 2) device.queue.submit([encode(false)]);
            await device.queue.onSubmittedWorkDone();
            const start = performance.now();
            for (let i = 0; i < dispatches; i++) device.queue.submit([encode(false)]);
            await device.queue.onSubmittedWorkDone();
            const seconds = (performance.now() - start) / 1000;
            device.destroy();
            return Response.json({ samples, dispatchesPerSecond: dispatches / seconds });
          }
        }
        export default { fetch: (request, env) => env.BENCH.get(env.BENCH.idFromName("bench")).fetch(request) };
        """

    struct Answer: Decodable {
        let samples: [Double]
        let dispatchesPerSecond: Double
    }

    static func run(iterations: Int, warmup: BenchWebGPUWarmup, dispatches: Int) async throws -> BenchWebGPUResult {
        let root = NSTemporaryDirectory() + "kiln-bench-webgpu-js-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try wrangler.write(toFile: root + "/wrangler.toml", atomically: true, encoding: .utf8)
        try script.write(toFile: root + "/index.js", atomically: true, encoding: .utf8)
        let runtime = try await WorkerRuntime(projectDirectory: root, options: .init(
            persistDirectory: nil, cpuTimeLimit: nil,
            log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }))
        if let problem = runtime.loadProblem { throw BenchWebGPUError("the benchmark project does not load: \(problem)") }
        let response = await runtime.handle(WorkerRequest(
            method: "GET", url: "http://127.0.0.1/?iterations=\(iterations)&warmup=\(warmup.iterations)"
                + "&warmupMs=\(warmup.duration / .milliseconds(1))&dispatches=\(dispatches)"))
        var body: [UInt8] = []
        switch response.body {
        case .bytes(let bytes): body = bytes
        case .stream(let chunks): for try await chunk in chunks { body += chunk }
        }
        await runtime.shutdown()
        guard response.status == 200 else {
            throw BenchWebGPUError("the JS benchmark failed (\(response.status)): \(String(decoding: body, as: UTF8.self))")
        }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(body))
        return BenchWebGPUResult(adapter: "", roundTrip: BenchWebGPUResult.percentiles(answer.samples.map { $0 / 1000 }),
                                 dispatchesPerSecond: answer.dispatchesPerSecond)
    }
}
